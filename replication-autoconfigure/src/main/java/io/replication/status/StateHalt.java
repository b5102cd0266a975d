package io.replication.status;

import java.time.Instant;

import io.replication.engine.Position;

/**
 * Why and where a state stopped applying its log.
 *
 * @param position the record that could not be applied; nothing from it on is applied
 * @param reason what is wrong with the record
 * @param since when the state halted
 * @author replication
 */
public record StateHalt(Position position, String reason, Instant since) {

}
