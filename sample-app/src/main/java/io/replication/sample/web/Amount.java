package io.replication.sample.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * An amount of money in minor units: a whole number from 1 to 1,000,000,000. The upper
 * bound keeps every balance far from overflow.
 *
 * @author replication
 */
@Documented
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@NotNull
@Positive
@Max(1_000_000_000)
public @interface Amount {

	String message() default "must be a whole number from 1 to 1000000000";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
