package io.reelpipe.feed.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Counts the SQL statements an application sends through its {@link DataSource}: every {@code execute*} call on a
 * statement of a connection from it. Added to a test's application context, it wraps the data source (a JDK proxy
 * around the pool, so pooling, metrics and unwrapping still work).
 */
@Configuration(proxyBeanMethods = false)
public class StatementCounter {

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch", "executeLargeBatch");
    private static final AtomicLong STATEMENTS = new AtomicLong();

    /** Statements sent so far, by every application context of this JVM that counts. */
    public static long statements() {
        return STATEMENTS.get();
    }

    @Bean
    static BeanPostProcessor countingDataSource() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof DataSource dataSource && !Proxy.isProxyClass(bean.getClass())
                        ? proxy(DataSource.class, dataSource, StatementCounter::connections)
                        : bean;
            }
        };
    }

    private static Object connections(Object target, Method method, Object result) {
        return result instanceof Connection connection
                ? proxy(Connection.class, connection, StatementCounter::statements)
                : result;
    }

    private static Object statements(Object target, Method method, Object result) {
        return switch (result) {
            case CallableStatement call -> proxy(CallableStatement.class, call, StatementCounter::counted);
            case PreparedStatement prepared -> proxy(PreparedStatement.class, prepared, StatementCounter::counted);
            case Statement plain -> proxy(Statement.class, plain, StatementCounter::counted);
            case null, default -> result;
        };
    }

    private static Object counted(Object target, Method method, Object result) {
        return result;
    }

    /** What a proxy does with the result of a call to its target. */
    private interface Then {
        Object apply(Object target, Method method, Object result);
    }

    private static <T> T proxy(Class<T> type, T target, Then then) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (type != DataSource.class && type != Connection.class && EXECUTIONS.contains(method.getName())) {
                STATEMENTS.incrementAndGet();
            }
            if (method.getName().equals("unwrap") && args != null && args[0] instanceof Class<?> wanted
                    && wanted.isInstance(target)) {
                return target;
            }
            try {
                return then.apply(target, method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
