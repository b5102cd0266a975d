package io.replication.sample.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * An account id: 1 to 64 lower-case letters, digits and dashes, starting with a letter or
 * a digit, so that it is safe in a URL path as it is.
 *
 * @author replication
 */
@Documented
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@NotNull
@Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}")
public @interface AccountId {

	String message() default "must be 1 to 64 lower-case letters, digits or dashes, not starting with a dash";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
