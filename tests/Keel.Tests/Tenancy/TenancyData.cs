namespace Keel.Tests.Tenancy;

/// <summary>Repositories over the billing model and makers of rows, for two fresh tenants per test.</summary>
public sealed class TenancyData(KeelDataSource keel)
{
    public KeelDataSource Keel { get; } = keel;

    public Repository<Account, int> Accounts { get; } = new(keel);

    public Repository<Invoice, Guid> Invoices { get; } = new(keel);

    public Repository<InvoiceLine, Guid> Lines { get; } = new(keel);

    public Repository<Billing, int> Billings { get; } = new(keel);

    public Repository<Contact, int> Contacts { get; } = new(keel);

    public Repository<Label, int> Labels { get; } = new(keel);

    public Repository<Currency, int> Currencies { get; } = new(keel);

    /// <summary>Two tenant ids no other test uses.</summary>
    public static (string A, string B) Tenants()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        return ("acme-" + suffix, "globex-" + suffix);
    }

    public Task<Account> AccountAsync(string tenant, string name = "Ann", decimal balance = 0m)
        => Accounts.ForTenant(tenant).InsertAsync(new Account { Email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com", Name = name, Balance = balance });

    public async Task<Currency> CurrencyAsync()
        => await Currencies.InsertAsync(new Currency { Code = Guid.NewGuid().ToString("N")[..3].ToUpperInvariant() + Guid.NewGuid().ToString("N")[..5] });

    public async Task<Invoice> InvoiceAsync(string tenant, Account account, decimal total, Guid? id = null)
        => await Invoices.ForTenant(tenant).InsertAsync(new Invoice { Id = id ?? Guid.Empty, AccountId = account.Id, CurrencyId = (await CurrencyAsync()).Id, Total = total });

    /// <summary>
    /// Gives tenant <paramref name="tenant"/> a row of its own under another tenant's account key (the key is unique
    /// per tenant only), so a query that forgot the tenant would find both.
    /// </summary>
    public async Task<Account> MirrorAsync(string tenant, Account account, string name = "Mirror")
    {
        await using var session = await Keel.OpenSessionAsync();
        await session.ExecuteAsync($"INSERT INTO accounts (tenant_id, id, email, name, balance, is_active) VALUES ({tenant}, {account.Id}, {account.Email}, {name}, 0, true)");
        return (await Accounts.ForTenant(tenant).FindAsync(account.Id))!;
    }

    /// <summary>Puts an account under a label in <paramref name="tenant"/>'s join table (Keel reads join tables; the application writes them).</summary>
    public async Task LinkAsync(string tenant, int account, int label)
    {
        await using var session = await Keel.OpenSessionAsync();
        await session.ExecuteAsync($"INSERT INTO account_labels (tenant_id, account_id, label_id) VALUES ({tenant}, {account}, {label})");
    }

    /// <summary>Rows of <paramref name="table"/> stored for <paramref name="tenant"/>, read around the repositories.</summary>
    public async Task<long> StoredAsync(string table, string tenant)
    {
        await using var session = await Keel.OpenSessionAsync();
        return await session.ScalarAsync<long>($"SELECT count(*) FROM {Sql.Identifier(table)} WHERE tenant_id = {tenant}");
    }
}
