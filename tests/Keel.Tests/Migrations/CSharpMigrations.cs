namespace Keel.Tests.Migrations;

[Migration(10, "Create accounts")]
public sealed class CreateAccounts : Migration
{
    public override Task Up(MigrationContext context)
        => context.ExecuteAsync($"CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL)");

    public override Task Down(MigrationContext context)
        => context.ExecuteAsync($"DROP TABLE accounts");
}

[Migration(11, "Add lower-case email", Transaction = MigrationTransaction.None)]
public sealed class BackfillLowerEmail : Migration
{
    public override async Task Up(MigrationContext context)
    {
        await context.ExecuteAsync($"ALTER TABLE accounts ADD COLUMN email_lower text");
        await context.BackfillAsync(n => $"UPDATE accounts SET email_lower = lower(email) WHERE id IN (SELECT id FROM accounts WHERE email_lower IS NULL LIMIT {n})", batchSize: 40);
    }
}

[Migration(12, "Backfill inside a transaction is refused")]
public sealed class BackfillInTransaction : Migration
{
    public override Task Up(MigrationContext context)
        => context.BackfillAsync(n => $"SELECT {n}");
}
