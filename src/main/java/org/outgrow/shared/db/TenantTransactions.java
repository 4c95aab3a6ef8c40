package org.outgrow.shared.db;

import java.util.function.Supplier;

import org.outgrow.shared.Tenancy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Work in a transaction under a given tenancy context, in the only order that works: the context
 * first, then the transaction, because a transaction applies the context it starts with.
 */
@Component
public class TenantTransactions {

    private final TransactionTemplate transactions;

    TenantTransactions(TransactionTemplate transactions) {
        this.transactions = transactions;
    }

    public <T> T call(Tenancy.Context context, Supplier<T> work) {
        return Tenancy.call(context, () -> transactions.execute(status -> work.get()));
    }

    public void run(Tenancy.Context context, Runnable work) {
        Tenancy.run(context, () -> transactions.executeWithoutResult(status -> work.run()));
    }
}
