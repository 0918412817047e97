using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace Keel.Tests.Repositories.Composite;

/// <summary>A shelf keyed by its warehouse and its code: the composite key the relations below point at.</summary>
[Table("cr_shelves")]
public sealed class Shelf
{
    [Key]
    [Column(Order = 0)]
    public int WarehouseId { get; set; }

    [Key]
    [Column(Order = 1)]
    public required string Code { get; set; }

    public int Capacity { get; set; }

    /// <summary>One-to-many: bins have <c>WarehouseId</c> and <c>ShelfCode</c> (the key's names, or prefixed with the type).</summary>
    public List<Bin> Bins { get; set; } = [];

    /// <summary>One-to-one: the label holds the shelf's key, unique.</summary>
    public ShelfLabel? Label { get; set; }
}

/// <summary>A bin on a shelf (many-to-one by convention), and optionally a spare shelf named through the fluent API.</summary>
[Table("cr_bins")]
public sealed class Bin
{
    public int Id { get; set; }

    public int WarehouseId { get; set; }

    public required string ShelfCode { get; set; }

    public int? SpareWarehouse { get; set; }

    public string? SpareShelf { get; set; }

    public int Size { get; set; }

    public Shelf? Shelf { get; set; }

    public Shelf? Spare { get; set; }
}

/// <summary>The label of one shelf.</summary>
[Table("cr_shelf_labels")]
[Unique(nameof(WarehouseId), nameof(ShelfCode))]
public sealed class ShelfLabel
{
    public int Id { get; set; }

    public int WarehouseId { get; set; }

    public required string ShelfCode { get; set; }

    public required string Text { get; set; }
}

/// <summary>What a projection reads of a shelf: its code and how many bins it holds.</summary>
public sealed record ShelfSummary(string Code, int Bins, bool HasBig);

/// <summary>A composite-key entity in a many-to-many through an implicit join table, which is refused.</summary>
[Table("cr_tagged_shelves")]
public sealed class TaggedShelf
{
    [Key]
    [Column(Order = 0)]
    public int WarehouseId { get; set; }

    [Key]
    [Column(Order = 1)]
    public required string Code { get; set; }

    public string? Note { get; set; }

    public List<ShelfTag> Tags { get; set; } = [];
}

/// <summary>The other side of <see cref="TaggedShelf.Tags"/>.</summary>
[Table("cr_shelf_tags")]
public sealed class ShelfTag
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public List<TaggedShelf> TaggedShelves { get; set; } = [];
}

/// <summary>A crate whose home shelf's key properties carry <c>[ForeignKey]</c>, and whose last shelf is named on the navigation.</summary>
[Table("cr_crates")]
public sealed class Crate
{
    public int Id { get; set; }

    [ForeignKey(nameof(Home))]
    public int HomeWarehouse { get; set; }

    [ForeignKey(nameof(Home))]
    public required string HomeShelf { get; set; }

    public int? LastWarehouse { get; set; }

    public string? LastShelf { get; set; }

    public Shelf? Home { get; set; }

    [ForeignKey("LastWarehouse, LastShelf")]
    public Shelf? Last { get; set; }
}
