package io.taumesh.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** How {@link TauMeshExtension} starts the mesh of a test class; without it, the defaults. */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface TauMeshOptions {

    /**
     * More {@code tau-mesh} flags ({@code --gateway-cycle-interval-ms}, {@code --gateway-queue-limit}), after the ones
     * the kit sets (cluster, ports, state dirs, socket, token); a flag given here overrides the kit's.
     */
    String[] args() default {};

    /** How long the mesh may take to be ready, every service answering, before the class fails. */
    int readySeconds() default 120;
}
