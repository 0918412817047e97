using System.ComponentModel.DataAnnotations.Schema;
using Keel.Tests.Repositories.Shop;

namespace Keel.Tests.Repositories;

public sealed class EntityMappingTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    [Fact]
    public void Conventions_give_plural_snake_case_tables_snake_case_columns_and_the_Id_key()
    {
        var map = shop.Keel.Entities.Map<OrderItem>();
        Assert.Equal("order_items", map.Table);
        Assert.Equal("\"id\", \"order_id\", \"product_id\", \"quantity\", \"price\"", map.SelectList);
        Assert.Equal("categories", shop.Keel.Entities.Map<Category>().Table);
        Assert.Equal("addresses", shop.Keel.Entities.Map<Address>().Table);
        Assert.True(map.Keys[0].IsIdentity);
    }

    [Fact]
    public void Navigations_are_metadata_not_columns_with_their_foreign_keys()
    {
        var map = shop.Keel.Entities.Map<User>();
        Assert.Null(map.ColumnFor(nameof(User.Orders)));
        Assert.Null(map.ColumnFor(nameof(User.DisplayName)));
        var orders = map.Navigations.Single(n => n.Property.Name == nameof(User.Orders));
        Assert.True(orders.IsCollection);
        Assert.Equal(typeof(Order), orders.TargetType);
        Assert.Equal("UserId", orders.ForeignKey);
        Assert.Equal("SellerId", map.Navigations.Single(n => n.Property.Name == nameof(User.SellerProducts)).ForeignKey);
        var seller = shop.Keel.Entities.Map<Product>().Navigations.Single(n => n.Property.Name == nameof(Product.Seller));
        Assert.False(seller.IsCollection);
        Assert.Equal("SellerId", seller.ForeignKey);
        Assert.Equal(ColumnKind.Json, map.ColumnFor(nameof(User.Preferences))!.Kind);
        Assert.Equal(ColumnRole.SoftDelete, map.ColumnFor(nameof(User.DeletedAt))!.Role);
        Assert.True(map.ColumnFor(nameof(User.PasswordHash))!.IsSensitive);
    }

    [Fact]
    public void Composite_keys_follow_column_order_and_need_a_matching_tuple()
    {
        var map = shop.Keel.Entities.Map<GroupMember>();
        Assert.Equal(["group_id", "user_id"], map.Keys.Select(k => k.Name));
        Assert.Equal(ColumnKind.EnumInteger, map.ColumnFor(nameof(GroupMember.Role))!.Kind);
        var wrong = Assert.Throws<ArgumentException>(() => new Repository<GroupMember, Guid>(shop.Keel));
        Assert.Contains("composite key", wrong.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Repository<User, long>(shop.Keel));
    }

    [Fact]
    public void An_entity_without_a_key_is_refused_with_a_hint()
    {
        var keel = shop.Database.CreateDataSource();
        var e = Assert.Throws<InvalidOperationException>(() => keel.Entities.Add<Keyless>());
        Assert.Contains("HasKey", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mapping_a_type_twice_is_refused()
    {
        var keel = shop.Database.CreateDataSource();
        keel.Entities.For<Person>(e => e.ToTable("people").HasKey(p => p.Code));
        Assert.Throws<InvalidOperationException>(() => keel.Entities.For<Person>(e => e.ToTable("persons").HasKey(p => p.Code)));
    }

    [Fact]
    public async Task Fluent_overrides_win_over_attributes_and_conventions_on_read_and_write()
    {
        await using var keel = shop.Database.CreateDataSource();
        keel.Entities.For<Person>(e => e
            .ToTable("people_fluent")
            .HasKey(p => p.Code)
            .Property(p => p.Name, c => c.HasColumnName("full_name"))
            .Property(p => p.Level, c => c.HasColumnType("integer"))
            .Ignore(p => p.Scratch));
        await keel.Entities.EnsureSchemaAsync();
        var people = new Repository<Person, string>(keel);
        var stored = await people.InsertAsync(new Person { Code = "p1", Name = "Ann", Level = UserRole.Admin, Scratch = "x", Nick = "a" });
        Assert.Equal("Ann", stored.Name);
        Assert.Null(stored.Scratch);
        await using var s = await keel.OpenSessionAsync();
        Assert.Equal("Ann", await s.ScalarAsync<string>($"SELECT full_name FROM people_fluent WHERE code = 'p1'"));
        Assert.Equal(2, await s.ScalarAsync<int>($"SELECT level FROM people_fluent WHERE code = 'p1'"));
        Assert.Equal("a", await s.ScalarAsync<string>($"SELECT nickname FROM people_fluent"));
        Assert.Equal(UserRole.Admin, (await people.Query().Where(p => p.Level == UserRole.Admin).FirstOrDefaultAsync())!.Level);
    }

    public sealed class Keyless
    {
        public string Name { get; set; } = string.Empty;
    }

    public sealed class Person
    {
        public required string Code { get; set; }

        public required string Name { get; set; }

        public UserRole Level { get; set; }

        [Column("nickname")]
        public string? Nick { get; set; }

        public string? Scratch { get; set; }
    }
}
