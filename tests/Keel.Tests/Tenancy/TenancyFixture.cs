namespace Keel.Tests.Tenancy;

/// <summary>A database of its own with the billing model mapped (every entity but currencies multi-tenant) and its schema created.</summary>
public sealed class TenancyFixture : IAsyncLifetime
{
    public DatabaseFixture Database { get; } = new();

    public KeelDataSource Keel => Database.Keel;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Configure(Keel);
        await Keel.Entities.EnsureSchemaAsync();
        // Idempotent: a second run changes nothing and does not fail.
        await Keel.Entities.EnsureSchemaAsync();
        await using var session = await Keel.OpenSessionAsync();
        await session.ExecuteAsync($"ALTER TABLE badges ADD CONSTRAINT badges_code_everywhere UNIQUE (code)");
    }

    public static void Configure(KeelDataSource keel)
        => keel.Entities
            .For<Account>(e => e.MultiTenant())
            .For<Invoice>(e => e.MultiTenant())
            .For<InvoiceLine>(e => e.MultiTenant())
            .For<Billing>(e => e.MultiTenant())
            .For<Contact>(e => e.MultiTenant())
            .For<Label>(e => e.MultiTenant())
            .For<Badge>(e => e.MultiTenant())
            .Add<Currency>();

    public Task DisposeAsync() => Database.DisposeAsync();
}
