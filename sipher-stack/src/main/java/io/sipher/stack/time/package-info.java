/**
 * Timers without a thread per timer: the {@link io.sipher.stack.time.Scheduler} interface, the
 * production {@link io.sipher.stack.time.WheelScheduler} (a Netty hashed wheel) and the
 * virtual-time {@link io.sipher.stack.time.ManualScheduler} that tests of every module use.
 */
package io.sipher.stack.time;
