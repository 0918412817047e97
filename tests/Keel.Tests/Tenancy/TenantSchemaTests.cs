namespace Keel.Tests.Tenancy;

public sealed class TenantSchemaTests(TenancyFixture db) : IClassFixture<TenancyFixture>
{
    [Fact]
    public void Dump() => File.WriteAllText("/tmp/tenancy-ddl.sql", db.Keel.Entities.SchemaSql);
}
