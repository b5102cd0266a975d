package io.replication.sample.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

/**
 * A client's reference for a write, shown on the statements it changes: 1 to 64 letters,
 * digits, dots, dashes, underscores or colons. Optional: the service makes one up when it
 * is absent.
 *
 * @author replication
 */
@Documented
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@Pattern(regexp = "[A-Za-z0-9._:-]{1,64}")
public @interface Reference {

	String message() default "must be 1 to 64 letters, digits, dots, dashes, underscores or colons";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
