package com.promptfloe.webhooks.jakarta.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.journal.DeliveryJournal;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The jdbc journal's writer thread comes from the server's managed thread factory when it has one. */
class JdbcJournalsTest {

    /** What the fake naming context answers for the managed thread factory; {@code null}: not bound. */
    static volatile ThreadFactory bound;
    private static final List<Runnable> ASKED = new ArrayList<>();

    private final ConsoleSettings.Journal settings = new ConsoleSettings.Journal(true, "jdbc", 10_000,
            Duration.ofDays(7), false, "java:comp/DefaultDataSource", "pfw_journal_threads_test", false);
    // Never connected to: the journal touches its database only with the first record or read.
    private final PGSimpleDataSource unused = new PGSimpleDataSource();
    private final String previousFactory = System.getProperty(Context.INITIAL_CONTEXT_FACTORY);

    JdbcJournalsTest() {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, FakeNaming.class.getName());
    }

    @AfterEach
    void restoreNaming() {
        bound = null;
        if (previousFactory == null) {
            System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
        } else {
            System.setProperty(Context.INITIAL_CONTEXT_FACTORY, previousFactory);
        }
    }

    @Test
    void theWriterThreadComesFromTheManagedThreadFactory() {
        ThreadFactory plain = Executors.defaultThreadFactory();
        bound = task -> {
            synchronized (ASKED) {
                ASKED.add(task);
            }
            return plain.newThread(task);
        };

        DeliveryJournal journal = JdbcJournals.create(unused, settings);
        try {
            synchronized (ASKED) {
                assertThat(ASKED).hasSize(1);
            }
        } finally {
            journal.close();
            synchronized (ASKED) {
                ASKED.clear();
            }
        }
    }

    @Test
    void withoutOneTheJournalStillStartsOnItsOwnThread() {
        DeliveryJournal journal = JdbcJournals.create(unused, settings);
        try {
            assertThat(journal.describe()).contains("pfw_journal_threads_test");
        } finally {
            journal.close();
        }
        synchronized (ASKED) {
            assertThat(ASKED).isEmpty();
        }
    }

    /** A naming context that knows one name, the managed thread factory, when the test binds it. */
    public static final class FakeNaming implements InitialContextFactory {
        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) {
            return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("lookup") && args != null
                                && JdbcJournals.THREAD_FACTORY.equals(String.valueOf(args[0])) && bound != null) {
                            return bound;
                        }
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        throw new NameNotFoundException(String.valueOf(args == null ? method.getName() : args[0]));
                    });
        }
    }
}
