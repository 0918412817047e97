namespace Keel.Tests.Tenancy;

/// <summary>Every write of a multi-tenant entity is stamped with, or confined to, the tenant it acts for.</summary>
public sealed class TenantWriteTests(TenancyFixture db) : IClassFixture<TenancyFixture>
{
    private readonly TenancyData _data = new(db.Keel);

    [Fact]
    public async Task Insert_stamps_the_tenant_and_a_declared_tenant_property_reads_it_back()
    {
        var (a, b) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a);
        var invoice = await _data.InvoiceAsync(a, ann, 12m);

        Assert.Equal(a, invoice.TenantId);
        Assert.Equal(a, (await _data.Invoices.ForTenant(a).FindAsync(invoice.Id))!.TenantId);
        Assert.Equal(1, await _data.StoredAsync("accounts", a));
        Assert.Equal(1, await _data.StoredAsync("invoices", a));
        Assert.Equal(0, await _data.StoredAsync("invoices", b));
        // The entity may name its own tenant, which must then be the repository's.
        var named = await _data.Invoices.ForTenant(a).InsertAsync(new Invoice { TenantId = a, AccountId = ann.Id, CurrencyId = invoice.CurrencyId, Total = 1m });
        Assert.Equal(a, named.TenantId);
    }

    [Fact]
    public async Task Writing_an_entity_that_names_another_tenant_is_refused_and_writes_nothing()
    {
        var (a, b) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a);
        var invoice = await _data.InvoiceAsync(a, ann, 12m);
        var stranger = new Invoice { TenantId = b, AccountId = ann.Id, CurrencyId = invoice.CurrencyId, Total = 5m };
        var invoices = _data.Invoices.ForTenant(a);

        await Assert.ThrowsAsync<ArgumentException>(() => invoices.InsertAsync(stranger));
        await Assert.ThrowsAsync<ArgumentException>(() => invoices.UpsertAsync(stranger));
        await Assert.ThrowsAsync<ArgumentException>(() => invoices.BulkInsertAsync([stranger]));
        invoice.TenantId = b;
        invoice.Total = 666m;
        await Assert.ThrowsAsync<ArgumentException>(() => invoices.UpdateAsync(invoice));

        Assert.Equal(1, await _data.StoredAsync("invoices", a));
        Assert.Equal(0, await _data.StoredAsync("invoices", b));
        Assert.Equal(12m, (await invoices.FindAsync(invoice.Id))!.Total);
    }

    [Fact]
    public async Task Updates_of_another_tenants_row_find_nothing_and_change_nothing()
    {
        var (a, b) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a, "Ann", 100m);
        var globex = _data.Accounts.ForTenant(b);

        ann.Name = "Hijacked";
        await Assert.ThrowsAsync<EntityNotFoundException>(() => globex.UpdateAsync(ann));
        await Assert.ThrowsAsync<EntityNotFoundException>(() => globex.UpdateAsync(ann.Id, s => s.Increment(x => x.Balance, -100m)));

        var stored = (await _data.Accounts.ForTenant(a).FindAsync(ann.Id))!;
        Assert.Equal(("Ann", 100m, 1), (stored.Name, stored.Balance, stored.Version));
    }

    [Fact]
    public async Task Version_checks_compare_with_the_tenants_own_row()
    {
        var (a, b) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a);
        var mirror = await _data.MirrorAsync(b, ann);
        var (acme, globex) = (_data.Accounts.ForTenant(a), _data.Accounts.ForTenant(b));
        // Tenant b's row under the same key moves on to version 3.
        await globex.UpdateAsync(mirror.Id, s => s.Set(x => x.Name, "B1"));
        await globex.UpdateAsync(mirror.Id, s => s.Set(x => x.Name, "B2"));

        ann.Name = "Ann 2";
        var updated = await acme.UpdateAsync(ann);
        Assert.Equal(2, updated.Version);
        ann.Name = "Stale";
        var stale = await Assert.ThrowsAsync<ConcurrencyException>(() => acme.UpdateAsync(ann));
        Assert.Equal(2, stale.ActualVersion);
        Assert.Equal("B2", (await globex.FindAsync(ann.Id))!.Name);
        Assert.Equal("Ann 2", (await acme.FindAsync(ann.Id))!.Name);
    }

    [Fact]
    public async Task Upserts_conflict_within_the_tenant_only()
    {
        var (a, b) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a);
        var currency = await _data.CurrencyAsync();
        var id = Guid.CreateVersion7();
        var (acme, globex) = (_data.Invoices.ForTenant(a), _data.Invoices.ForTenant(b));
        var bob = await _data.AccountAsync(b);

        await acme.UpsertAsync(new Invoice { Id = id, AccountId = ann.Id, CurrencyId = currency.Id, Total = 1m });
        // The same key in another tenant is another row, not a conflict.
        var theirs = await globex.UpsertAsync(new Invoice { Id = id, AccountId = bob.Id, CurrencyId = currency.Id, Total = 2m });
        var ours = await acme.UpsertAsync(new Invoice { Id = id, AccountId = ann.Id, CurrencyId = currency.Id, Total = 3m });

        Assert.Equal((b, 2m), (theirs.TenantId, theirs.Total));
        Assert.Equal((a, 3m), (ours.TenantId, ours.Total));
        Assert.Equal(2m, (await globex.FindAsync(id))!.Total);

        // On a unique key: the email is unique per tenant, so tenant b's upsert of ann's email inserts.
        var (accounts, otherAccounts) = (_data.Accounts.ForTenant(a), _data.Accounts.ForTenant(b));
        var copy = await otherAccounts.UpsertAsync(new Account { Email = ann.Email, Name = "B's Ann" }, x => x.Email);
        var named = await otherAccounts.UpsertAsync(new Account { Email = ann.Email, Name = "B's Ann, again" }, "accounts_email_key");
        Assert.Equal(copy.Id, named.Id);
        Assert.NotEqual(ann.Id, copy.Id);
        var own = await accounts.UpsertAsync(new Account { Email = ann.Email, Name = "Ann upserted" }, x => x.Email);
        Assert.Equal(ann.Id, own.Id);
        Assert.Equal("B's Ann, again", (await otherAccounts.FindAsync(copy.Id))!.Name);
        Assert.Equal("Ann upserted", (await accounts.FindAsync(ann.Id))!.Name);
    }

    [Fact]
    public async Task An_upsert_on_a_constraint_without_the_tenant_never_takes_over_another_tenants_row()
    {
        var (a, b) = TenancyData.Tenants();
        var code = "badge-" + a;
        var badges = new Repository<Badge, int>(db.Keel);
        var ours = await badges.ForTenant(a).UpsertAsync(new Badge { Code = code, Holder = "Ann" }, "badges_code_everywhere");

        await Assert.ThrowsAsync<KeelException>(() => badges.ForTenant(b).UpsertAsync(new Badge { Code = code, Holder = "Bob" }, "badges_code_everywhere"));

        Assert.Equal("Ann", (await badges.ForTenant(a).FindAsync(ours.Id))!.Holder);
        Assert.Equal(0, await _data.StoredAsync("badges", b));
        Assert.Equal("Ann again", (await badges.ForTenant(a).UpsertAsync(new Badge { Code = code, Holder = "Ann again" }, "badges_code_everywhere")).Holder);
    }

    [Fact]
    public async Task The_tenant_property_cannot_be_set_by_an_update()
    {
        var (a, b) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a);
        var invoice = await _data.InvoiceAsync(a, ann, 1m);
        var invoices = _data.Invoices.ForTenant(a);

        await Assert.ThrowsAsync<ArgumentException>(() => invoices.UpdateAsync(invoice.Id, s => s.Set(i => i.TenantId, b)));
        await Assert.ThrowsAsync<ArgumentException>(() => invoices.ExecuteUpdateAsync(i => i.Total > 0m, s => s.Set(i => i.TenantId, b)));

        Assert.Equal(a, (await invoices.FindAsync(invoice.Id))!.TenantId);
        Assert.Equal(0, await _data.StoredAsync("invoices", b));
    }

    [Fact]
    public async Task Deletes_and_restores_never_touch_another_tenants_row()
    {
        var (a, b) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a);
        var (acme, globex) = (_data.Accounts.ForTenant(a), _data.Accounts.ForTenant(b));

        Assert.False(await globex.DeleteAsync(ann.Id));
        Assert.False(await globex.DeleteAsync(ann));
        Assert.False(await globex.HardDeleteAsync(ann.Id));
        Assert.NotNull(await acme.FindAsync(ann.Id));

        Assert.True(await acme.DeleteAsync(ann.Id));
        Assert.False(await globex.RestoreAsync(ann.Id));
        Assert.Null(await acme.FindAsync(ann.Id));
        Assert.True(await acme.RestoreAsync(ann.Id));
        Assert.NotNull(await acme.FindAsync(ann.Id));
        Assert.True(await acme.HardDeleteAsync(ann.Id));
        Assert.Equal(0, await _data.StoredAsync("accounts", a));
    }

    [Fact]
    public async Task Set_based_writes_change_the_tenants_rows_only()
    {
        var (a, b) = TenancyData.Tenants();
        for (var i = 0; i < 3; i++)
        {
            await _data.AccountAsync(a, "A" + i, 10m);
            await _data.AccountAsync(b, "B" + i, 10m);
        }

        var (acme, globex) = (_data.Accounts.ForTenant(a), _data.Accounts.ForTenant(b));
        Assert.Equal(3, await globex.ExecuteUpdateAsync(x => x.Balance == 10m, s => s.Increment(x => x.Balance, 5m)));
        Assert.Equal(3, await globex.Query().ExecuteUpdateAsync(s => s.Set(x => x.IsActive, false)));
        Assert.Equal(3, await globex.ExecuteDeleteAsync(x => x.Balance == 15m));
        Assert.Equal(0, await globex.CountAsync());

        var ours = await acme.Query().OrderBy(x => x.Name).ToListAsync();
        Assert.Equal([(10m, true), (10m, true), (10m, true)], ours.Select(x => (x.Balance, x.IsActive)));
        Assert.Equal(1, await acme.Query().Where(x => x.Name == "A0").ExecuteDeleteAsync());
        Assert.Equal(2, await acme.CountAsync());
    }

    [Fact]
    public async Task Bulk_insert_fills_the_tenant_column()
    {
        var (a, b) = TenancyData.Tenants();
        var written = await _data.Accounts.ForTenant(b).BulkInsertAsync(
            Enumerable.Range(0, 4).Select(i => new Account { Email = $"bulk{i}-{b}@example.com", Name = "Bulk " + i }));

        Assert.Equal(4, written);
        Assert.Equal(4, await _data.StoredAsync("accounts", b));
        Assert.Equal(0, await _data.StoredAsync("accounts", a));
        Assert.Equal(4, await _data.Accounts.ForTenant(b).CountAsync());
        var ann = await _data.AccountAsync(a);
        Assert.Equal(2, await _data.Invoices.ForTenant(a).BulkInsertAsync([
            new Invoice { AccountId = ann.Id, CurrencyId = (await _data.CurrencyAsync()).Id, Total = 1m },
            new Invoice { TenantId = a, AccountId = ann.Id, CurrencyId = (await _data.CurrencyAsync()).Id, Total = 2m }]));
        Assert.All(await _data.Invoices.ForTenant(a).Query().ToListAsync(), i => Assert.Equal(a, i.TenantId));
    }

    [Fact]
    public async Task A_row_cannot_reference_another_tenants_row()
    {
        var (a, b) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a);
        var currency = await _data.CurrencyAsync();

        var refused = await Assert.ThrowsAsync<ForeignKeyViolationException>(() => _data.Invoices.ForTenant(b).InsertAsync(new Invoice { AccountId = ann.Id, CurrencyId = currency.Id, Total = 1m }));
        Assert.Equal("invoices_account_id_fkey", refused.ConstraintName);
        Assert.Equal(0, await _data.StoredAsync("invoices", b));
    }

    [Fact]
    public async Task Deleting_an_account_sets_only_the_account_column_of_its_contacts_to_null()
    {
        var (a, _) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a);
        var contact = await _data.Contacts.ForTenant(a).InsertAsync(new Contact { AccountId = ann.Id, Name = "Cy" });

        Assert.True(await _data.Accounts.ForTenant(a).HardDeleteAsync(ann.Id));

        var kept = (await _data.Contacts.ForTenant(a).FindAsync(contact.Id))!;
        Assert.Null(kept.AccountId);
        Assert.Equal(1, await _data.StoredAsync("contacts", a));
    }
}
