package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.shared.IntArray;
import io.github.mp4j.shared.IntValue;
import io.github.mp4j.sync.Barrier;
import io.github.mp4j.sync.BoundedSemaphore;
import io.github.mp4j.sync.BrokenBarrierException;
import io.github.mp4j.sync.Condition;
import io.github.mp4j.sync.Event;
import io.github.mp4j.sync.Lock;
import io.github.mp4j.sync.OwnerDiedException;
import io.github.mp4j.sync.Semaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every primitive of {@code sync} between real child JVMs: the "done when" for them. */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("try") // try (var held = lock.hold()) is the idiom under test
class SyncAcrossProcessesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PROCESSES = 3;
    private static final int INCREMENTS = 2_000;

    @RegisterExtension
    final ChildReaper children = new ChildReaper();

    @Test
    void processesIncrementingAValueUnderItsLockLoseNoIncrement() {
        IntValue counter = Mp.value(0);
        List<ChildProcess> started = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            started.add(children.start(Mp.process(SyncAcrossProcessesTest::incrementValue, counter, INCREMENTS)));
        }
        started.forEach(this::assertExitsNormally);

        assertThat(counter.get()).isEqualTo(PROCESSES * INCREMENTS);
    }

    @Test
    void processesIncrementingAPlainArrayUnderALockLoseNoIncrement() {
        Lock lock = Mp.lock();
        IntArray cells = Mp.rawArray(new int[2]);
        List<ChildProcess> started = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            started.add(children.start(Mp.process(SyncAcrossProcessesTest::incrementArray, lock, cells)));
        }
        started.forEach(this::assertExitsNormally);

        assertThat(cells.toArray()).containsExactly(PROCESSES * INCREMENTS, PROCESSES * INCREMENTS);
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void aBarrierReleasesEveryPartyAndRunsItsActionOnce() {
        IntValue actions = Mp.rawValue(0);
        Barrier barrier = Mp.barrier(PROCESSES + 1, () -> actions.getAndAdd(1));
        List<ChildProcess> started = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            started.add(children.start(Mp.process(SyncAcrossProcessesTest::passBarrierTwice, barrier)));
        }
        barrier.await(WAIT);
        barrier.await(WAIT);
        started.forEach(this::assertExitsNormally);

        assertThat(actions.get()).as("the action runs once per round").isEqualTo(2);
        assertThat(barrier.isBroken()).isFalse();
    }

    @Test
    void aBarrierWhosePartiesDoNotAllComeBreaksOnTimeoutForEveryWaiter() {
        Barrier barrier = Mp.barrier(3);
        IntValue brokenSeen = Mp.rawValue(0);
        ChildProcess child = children.start(Mp.process(SyncAcrossProcessesTest::awaitBroken, barrier, brokenSeen));
        awaitValue(barrier::waiting, 1);

        assertThatThrownBy(() -> barrier.await(Duration.ofMillis(300)))
                .isInstanceOf(BrokenBarrierException.class).hasMessageContaining("timed out");
        assertExitsNormally(child);
        assertThat(brokenSeen.get()).as("the waiting child got BrokenBarrierException").isEqualTo(1);
        assertThat(barrier.isBroken()).isTrue();
        assertThatThrownBy(() -> barrier.await(WAIT)).isInstanceOf(BrokenBarrierException.class);

        barrier.reset();
        assertThat(barrier.isBroken()).isFalse();
    }

    @Test
    void aBarrierBreaksWhenAWaitingPartysProcessIsKilled() {
        Barrier barrier = Mp.barrier(3);
        ChildProcess child = children.start(Mp.process(() -> barrier.await()));
        awaitValue(barrier::waiting, 1);

        CompletableFuture<Throwable> parent = CompletableFuture.supplyAsync(() -> {
            try {
                barrier.await(WAIT);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        awaitValue(barrier::waiting, 2);
        child.kill();

        assertThat(parent.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join())
                .isInstanceOf(BrokenBarrierException.class);
    }

    @Test
    void aBoundedSemaphoreRefusesAReleaseAboveItsBoundFromAnyProcess() {
        BoundedSemaphore semaphore = Mp.boundedSemaphore(2);
        assertThat(semaphore.tryAcquire()).isTrue();
        IntValue refused = Mp.rawValue(0);
        assertExitsNormally(children.start(Mp.process(SyncAcrossProcessesTest::releaseTwice, semaphore, refused)));

        assertThat(refused.get()).as("the second release was refused").isEqualTo(1);
        assertThat(semaphore.value()).isEqualTo(2);
        assertThatThrownBy(semaphore::release).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released too many times").hasMessageContaining("2");
    }

    @Test
    void aSemaphoreLetsNoMoreThanItsPermitsIn() {
        Semaphore semaphore = Mp.semaphore(2);
        IntValue inside = Mp.rawValue(0);
        IntValue most = Mp.rawValue(0);
        List<ChildProcess> started = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            started.add(children.start(Mp.process(SyncAcrossProcessesTest::enterSemaphore, semaphore, List.of(inside, most))));
        }
        started.forEach(this::assertExitsNormally);

        assertThat(most.get()).isBetween(1, 2);
        assertThat(semaphore.value()).isEqualTo(2);
    }

    @Test
    void signalWakesOneWaiterInAnotherProcessAndSignalAllTheRest() {
        Condition condition = Mp.condition();
        IntValue waiting = Mp.rawValue(0);
        IntValue woken = Mp.rawValue(0);
        List<ChildProcess> started = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            started.add(children.start(Mp.process(SyncAcrossProcessesTest::awaitSignal, condition, List.of(waiting, woken))));
        }
        awaitValue(waiting::get, PROCESSES);

        try (var held = condition.hold()) {
            assertThat(condition.signal(1)).isEqualTo(1);
        }
        awaitValue(woken::get, 1);
        try (var held = condition.hold()) {
            assertThat(woken.get()).as("one signal wakes one waiter").isEqualTo(1);
            assertThat(condition.signalAll()).isEqualTo(PROCESSES - 1);
        }
        started.forEach(this::assertExitsNormally);
        assertThat(woken.get()).isEqualTo(PROCESSES);
    }

    @Test
    void anEventSetInOneProcessWakesWaitersInTwoOthers() {
        Event event = Mp.event();
        IntValue waiting = Mp.rawValue(0);
        IntValue sawIt = Mp.rawValue(0);
        ChildProcess first = children.start(Mp.process(SyncAcrossProcessesTest::awaitEvent, event, List.of(waiting, sawIt)));
        ChildProcess second = children.start(Mp.process(SyncAcrossProcessesTest::awaitEvent, event, List.of(waiting, sawIt)));
        awaitValue(waiting::get, 2);

        assertExitsNormally(children.start(Mp.process(Event::set, event)));
        assertExitsNormally(first);
        assertExitsNormally(second);
        assertThat(sawIt.get()).isEqualTo(2);
        assertThat(event.isSet()).isTrue();
    }

    @Test
    void theNextAcquirerOfALockWhoseHolderIsKilledLearnsItWithinOneSecondAndHoldsTheLock() {
        Lock lock = Mp.lock();
        Event holding = Mp.event();
        ChildProcess holder = children.start(Mp.process(SyncAcrossProcessesTest::holdForever, lock, holding));
        assertThat(holding.await(WAIT)).isTrue();
        CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                lock.acquire();
                return -1L;
            } catch (OwnerDiedException e) {
                return System.nanoTime();
            }
        });
        awaitWaiting(waiter);

        long killed = System.nanoTime();
        holder.kill();
        long learned = waiter.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();

        assertThat(learned).as("OwnerDiedException was thrown").isPositive();
        assertThat(Duration.ofNanos(learned - killed)).isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(lock.isHeldByCurrentThread()).as("held by the waiter thread, not this one").isFalse();
        assertThat(lock.isLocked()).isTrue();
        lock.release();
        assertThat(lock.tryAcquire()).isTrue();
        lock.release();
    }

    // ------------------------------------------------------------------ child targets

    static void incrementValue(IntValue counter, int times) {
        for (int i = 0; i < times; i++) {
            try (var held = counter.getLock().hold()) {
                counter.set(counter.get() + 1);
            }
        }
    }

    static void incrementArray(Lock lock, IntArray cells) {
        for (int i = 0; i < INCREMENTS; i++) {
            try (var held = lock.hold()) {
                cells.set(0, cells.get(0) + 1);
                cells.set(1, cells.get(1) + 1);
            }
        }
    }

    static void passBarrierTwice(Barrier barrier) {
        barrier.await(WAIT);
        barrier.await(WAIT);
    }

    static void awaitBroken(Barrier barrier, IntValue brokenSeen) {
        try {
            barrier.await(WAIT);
        } catch (BrokenBarrierException e) {
            brokenSeen.set(1);
        }
    }

    static void releaseTwice(BoundedSemaphore semaphore, IntValue refused) {
        semaphore.release();
        try {
            semaphore.release();
        } catch (IllegalStateException e) {
            refused.set(1);
        }
    }

    static void enterSemaphore(Semaphore semaphore, List<IntValue> insideAndMost) {
        IntValue inside = insideAndMost.get(0);
        IntValue most = insideAndMost.get(1);
        for (int i = 0; i < 200; i++) {
            try (var permit = semaphore.hold()) {
                int now = inside.addAndGet(1);
                int seen = most.get();
                while (now > seen && !most.compareAndSet(seen, now)) {
                    seen = most.get();
                }
                if (now > 2) {
                    throw new AssertionError(now + " inside a semaphore of 2");
                }
                inside.getAndAdd(-1);
            }
        }
    }

    static void awaitSignal(Condition condition, List<IntValue> waitingAndWoken) {
        try (var held = condition.hold()) {
            waitingAndWoken.get(0).getAndAdd(1);
            if (!condition.await(WAIT)) {
                throw new AssertionError("not signalled");
            }
            waitingAndWoken.get(1).getAndAdd(1);
        }
    }

    static void awaitEvent(Event event, List<IntValue> waitingAndSaw) {
        waitingAndSaw.get(0).getAndAdd(1);
        if (event.await(WAIT)) {
            waitingAndSaw.get(1).getAndAdd(1);
        }
    }

    static void holdForever(Lock lock, Event holding) {
        lock.acquire();
        holding.set();
        Mp.event().await();
    }

    // ------------------------------------------------------------------ helpers

    private void assertExitsNormally(ChildProcess child) {
        assertThat(child.join(WAIT)).as("%s exits", child).isTrue();
        assertThat(child.exitCode()).as("exit code of %s", child).isZero();
    }

    /** Waits for the event "a shared counter reached its value". */
    static void awaitValue(IntSupplier value, int expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (value.getAsInt() < expected) {
            assertThat(System.nanoTime()).as("the value reaches %d", expected).isLessThan(deadline);
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
    }

    /** Waits until the future's thread is parked in the lock (its first check interval has begun). */
    private static void awaitWaiting(CompletableFuture<?> future) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getState() == Thread.State.TIMED_WAITING
                && List.of(t.getStackTrace()).stream().anyMatch(f -> f.getMethodName().equals("parkUntil")))) {
            assertThat(future).isNotDone();
            assertThat(System.nanoTime()).as("the waiter parks").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }
}
