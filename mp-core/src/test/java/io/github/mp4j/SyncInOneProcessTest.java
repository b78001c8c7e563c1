package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.shared.DoubleArray;
import io.github.mp4j.shared.DoubleValue;
import io.github.mp4j.shared.IntArray;
import io.github.mp4j.shared.IntValue;
import io.github.mp4j.shared.LongValue;
import io.github.mp4j.sync.Barrier;
import io.github.mp4j.sync.Condition;
import io.github.mp4j.sync.Event;
import io.github.mp4j.sync.Lock;
import io.github.mp4j.sync.RLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The same primitives and shared values between threads of one JVM, in a THREADS pool, and their errors. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("try") // try (var held = lock.hold()) is the idiom under test
class SyncInOneProcessTest {

    private static final int THREADS = 4;
    private static final int INCREMENTS = 20_000;

    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void threadsIncrementingAnArrayUnderALockLoseNoIncrement() throws Exception {
        Lock lock = Mp.lock();
        IntArray cells = Mp.rawArray(new int[1]);
        runOnThreads(() -> {
            for (int i = 0; i < INCREMENTS; i++) {
                try (var held = lock.hold()) {
                    cells.set(0, cells.get(0) + 1);
                }
            }
        });
        assertThat(cells.get(0)).isEqualTo(THREADS * INCREMENTS);
    }

    @Test
    void rawAtomicsAreExactWithoutALock() throws Exception {
        LongValue longs = Mp.rawValue(0L);
        DoubleValue doubles = Mp.rawValue(0.0);
        runOnThreads(() -> {
            for (int i = 0; i < INCREMENTS; i++) {
                longs.getAndAdd(2);
                doubles.getAndAdd(0.5);
            }
        });
        assertThat(longs.get()).isEqualTo(2L * THREADS * INCREMENTS);
        assertThat(doubles.get()).isEqualTo(0.5 * THREADS * INCREMENTS);
        assertThat(longs.hasLock()).isFalse();
        assertThatThrownBy(longs::getLock).isInstanceOf(IllegalStateException.class).hasMessageContaining("raw");
    }

    @Test
    void aThreadsPoolSharesAValueWithItsTasks() {
        IntValue counter = Mp.value(0);
        try (ProcessPool pool = MpContext.threads().pool(2)) {
            List<Integer> done = pool.map(n -> {
                for (int i = 0; i < 1000; i++) {
                    try (var held = counter.getLock().hold()) {
                        counter.set(counter.get() + 1);
                    }
                }
                return n;
            }, List.of(1, 2, 3, 4));
            assertThat(done).containsExactly(1, 2, 3, 4);
        }
        assertThat(counter.get()).isEqualTo(4000);
    }

    @Test
    void anRLockIsRecursiveAndOnlyItsOwnerReleasesIt() throws Exception {
        RLock lock = Mp.rlock();
        lock.acquire();
        lock.acquire();
        lock.release();
        assertThat(lock.isHeldByCurrentThread()).isTrue();
        assertThat(threads.submit(() -> lock.acquire(Duration.ofMillis(50))).get()).isFalse();
        assertThatThrownBy(() -> threads.submit(lock::release).get()).hasCauseInstanceOf(IllegalMonitorStateException.class);
        lock.release();
        assertThat(threads.submit(lock::tryAcquire).get()).isTrue();
    }

    @Test
    void anRLockHeldTwiceIsHeldTwiceAgainAfterAConditionWaitAndAValueInsideItsHeldLockLeavesItHeld() throws Exception {
        RLock lock = Mp.rlock();
        Condition condition = Mp.condition(lock);
        lock.acquire();
        lock.acquire();
        assertThat(condition.await(Duration.ofMillis(20))).isFalse();
        lock.release();
        assertThat(threads.submit(lock::tryAcquire).get()).as("still held once after the wait").isFalse();
        lock.release();
        assertThat(threads.submit(() -> {
            boolean taken = lock.tryAcquire();
            lock.release();
            return taken;
        }).get()).as("free after as many releases as acquires").isTrue();

        IntValue value = Mp.value(1);
        try (var held = value.getLock().hold()) {
            value.set(value.get() + 1);
            assertThat(value.getLock().isHeldByCurrentThread()).as("get and set inside the held lock keep it").isTrue();
            assertThat(threads.submit(() -> value.getLock().tryAcquire()).get()).isFalse();
        }
        assertThat(value.getLock().isHeldByCurrentThread()).isFalse();
        assertThat(threads.submit(value::get).get()).isEqualTo(2);
    }

    @Test
    void aLockAcquireWithATimeoutGivesUpAndAReleaseOfAFreeLockIsRefused() throws Exception {
        Lock lock = Mp.lock();
        lock.acquire();
        long start = System.nanoTime();
        assertThat(threads.submit(() -> lock.acquire(Duration.ofMillis(200))).get()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        Future<Boolean> waiting = threads.submit(() -> lock.acquire(Duration.ofSeconds(30)));
        lock.release();
        assertThat(waiting.get(30, TimeUnit.SECONDS)).as("the waiter is woken by the release").isTrue();
        assertThat(lock.isHeldByCurrentThread()).isFalse();
        lock.release(); // any thread may release, as in Python
        assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("unlocked");
    }

    @Test
    void aConditionRequiresItsLockAndAnEventTimesOut() {
        Condition condition = Mp.condition(Mp.lock());
        assertThatThrownBy(condition::await).isInstanceOf(IllegalMonitorStateException.class)
                .hasMessageContaining("without holding its lock");
        try (var held = condition.hold()) {
            assertThat(condition.await(Duration.ofMillis(20))).isFalse();
            assertThat(condition.lock().isHeldByCurrentThread()).as("held again after the wait").isTrue();
            assertThat(condition.awaitFor(() -> true, Duration.ZERO)).isTrue();
        }
        Event event = Mp.event();
        assertThat(event.await(Duration.ofMillis(20))).isFalse();
        event.set();
        assertThat(event.await(Duration.ZERO)).isTrue();
        event.clear();
        assertThat(event.isSet()).isFalse();
    }

    @Test
    void aBarrierOfThreadsGivesEachPartyItsOwnIndex() throws Exception {
        Barrier barrier = Mp.barrier(THREADS);
        List<Future<Integer>> indexes = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            indexes.add(threads.submit(() -> barrier.await(Duration.ofSeconds(30))));
        }
        List<Integer> got = new ArrayList<>();
        for (Future<Integer> index : indexes) {
            got.add(index.get(30, TimeUnit.SECONDS));
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(IntStream.range(0, THREADS).boxed().toList());
    }

    @Test
    void handlesTravelAsTheirNameAndWorkWhereTheyArrive() {
        Lock lock = Mp.lock();
        DoubleArray numbers = Mp.array(new double[] {1.5, 2.5, 3.5});
        Lock decodedLock = (Lock) ObjectCodec.decode(ObjectCodec.encode(lock));
        DoubleArray decoded = (DoubleArray) ObjectCodec.decode(ObjectCodec.encode(numbers));

        assertThat(decodedLock.name()).isEqualTo(lock.name());
        assertThat(ObjectCodec.encode(numbers).length).as("the name, not the contents").isLessThan(200);
        decoded.set(1, 9.0);
        assertThat(numbers.get(1)).isEqualTo(9.0);
        decodedLock.acquire();
        assertThat(lock.isLocked()).isTrue();
        lock.release();
        assertThat(decoded.buffer().get(2)).isEqualTo(3.5);
    }

    @Test
    void attachingWithTheWrongTypeOrLengthNamesWhatWasExpectedAndFound() {
        DoubleArray doubles = Mp.rawArray(new double[4]);
        IntArray ints = Mp.array(new int[4]);

        assertThatThrownBy(() -> IntArray.attach(doubles.name(), 4)).isInstanceOf(MpException.class)
                .hasMessageContaining("expected an int Array of 4 elements, found a double Array of 4 elements");
        assertThatThrownBy(() -> IntArray.attach(ints.name(), 5)).isInstanceOf(MpException.class)
                .hasMessageContaining("expected an int Array of 5 elements, found an int Array of 4 elements");
        assertThatThrownBy(() -> IntValue.attach(ints.name())).isInstanceOf(MpException.class)
                .hasMessageContaining("expected an int Value, found an int Array of 4 elements");
        assertThatThrownBy(() -> IntValue.attach("123-4-nothere.val")).isInstanceOf(MpException.class)
                .hasMessageContaining("cannot attach 123-4-nothere.val as an int Value");
        assertThat(IntArray.attach(ints.name(), 4).length()).isEqualTo(4);
        assertThatThrownBy(() -> ints.get(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void bulkCopiesAndTheBufferViewShareTheSameElements() {
        DoubleArray array = Mp.array(new double[1000]);
        double[] ramp = IntStream.range(0, 1000).asDoubleStream().toArray();
        array.set(0, ramp);
        assertThat(array.buffer().get(999)).isEqualTo(999.0);
        array.buffer().put(0, -1.0);
        assertThat(array.get(0)).isEqualTo(-1.0);
        double[] part = new double[10];
        array.get(990, part);
        assertThat(part[9]).isEqualTo(999.0);
        assertThat(array.toArray()).hasSize(1000);
    }

    private void runOnThreads(Runnable work) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            running.add(threads.submit(work));
        }
        for (Future<?> future : running) {
            future.get(60, TimeUnit.SECONDS);
        }
    }
}
