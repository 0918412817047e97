using System.Globalization;
using System.Text.Json;

namespace Keel.Benchmarks;

/// <summary>
/// The W4 inputs, made once before any timing: 10,000 documents of about 1 KB (fixed seed) with ids assigned up
/// front, so every contender writes the very same rows, and the random picks for get-by-id (fixed seed).
/// </summary>
internal sealed class DocumentData
{
    public const int DocumentCount = 10_000;

    private static readonly string[] Cities = ["Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø", "Drammen", "Kristiansand", "Bodø"];
    private static readonly string[] Streets = ["Kirkegata", "Storgata", "Strandgaten", "Dronningens gate", "Kongens gate", "Markveien"];
    private static readonly string[] Statuses = ["placed", "paid", "packed", "shipped", "delivered"];
    private static readonly string[] Products = ["Walnut desk", "Oak chair", "Linen curtain", "Wool blanket", "Brass lamp", "Clay vase", "Birch shelf", "Cotton rug"];
    private static readonly string[] Words = ["gift", "priority", "fragile", "repeat", "b2b", "campaign", "outlet", "member", "export"];
    private static readonly string[] FirstNames = ["Ann", "Bo", "Kari", "Ola", "Ingrid", "Lars", "Sofie", "Henrik", "Maja", "Emil"];
    private static readonly string[] LastNames = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Berg"];

    private DocumentData(BenchDoc[] documents, int[] picks)
    {
        Documents = documents;
        Picks = picks;
    }

    /// <summary>The documents every insert workload writes, in this order.</summary>
    public BenchDoc[] Documents { get; }

    /// <summary>Indexes into <see cref="Documents"/> for get-by-id, uniformly drawn.</summary>
    public int[] Picks { get; }

    public static DocumentData Create(int documentCount, int pickCount)
    {
        var random = new Random(20261122);
        var epoch = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var documents = new BenchDoc[documentCount];
        for (var i = 0; i < documents.Length; i++)
            documents[i] = MakeDocument(random, i + 1, epoch);

        var pickRandom = new Random(11222026);
        var picks = new int[pickCount];
        for (var i = 0; i < picks.Length; i++)
            picks[i] = pickRandom.Next(0, documentCount);
        return new DocumentData(documents, picks);
    }

    /// <summary>The sum of <see cref="BenchDoc.Number"/> over the first <paramref name="count"/> picks: the get-by-id checksum.</summary>
    public long SumOfPickedNumbers(int count)
    {
        long sum = 0;
        for (var i = 0; i < count; i++)
            sum += Documents[Picks[i]].Number;
        return sum;
    }

    /// <summary>The sum of <see cref="BenchDoc.Quantity"/> over the first <paramref name="count"/> documents, checked after inserts.</summary>
    public long SumOfQuantities(int count)
    {
        long sum = 0;
        for (var i = 0; i < count; i++)
            sum += Documents[i].Quantity;
        return sum;
    }

    /// <summary>The mean size of the serialized documents, for the docs.</summary>
    public double AverageJsonBytes()
    {
        long total = 0;
        foreach (var document in Documents)
            total += JsonSerializer.SerializeToUtf8Bytes(document, BenchDocJsonContext.Default.BenchDoc).Length;
        return (double)total / Documents.Length;
    }

    private static BenchDoc MakeDocument(Random random, int number, DateTimeOffset epoch)
    {
        var lines = new List<BenchLine>();
        var lineCount = random.Next(4, 8);
        var quantity = 0;
        var total = 0m;
        for (var l = 0; l < lineCount; l++)
        {
            var product = Products[random.Next(Products.Length)];
            var count = random.Next(1, 5);
            var price = random.Next(100, 100_000) / 100m;
            lines.Add(new BenchLine("SKU-" + random.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture), product, count, price));
            quantity += count;
            total += count * price;
        }

        var first = FirstNames[random.Next(FirstNames.Length)];
        var last = LastNames[random.Next(LastNames.Length)];
        var placed = epoch.AddSeconds(number * 613L);
        var status = Statuses[random.Next(Statuses.Length)];
        var tags = new List<string>();
        for (var t = random.Next(1, 4); t > 0; t--)
            tags.Add(Words[random.Next(Words.Length)]);
        return new BenchDoc
        {
            // Version-7 ids in insertion order, as Keel assigns them, so the primary-key index fills at its right edge.
            Id = Guid.CreateVersion7(placed),
            Number = number,
            Reference = "ORD-" + number.ToString("D7", CultureInfo.InvariantCulture),
            CustomerName = first + " " + last,
            CustomerEmail = (first + "." + last + number.ToString(CultureInfo.InvariantCulture) + "@example.com").ToLowerInvariant(),
            Status = status,
            Paid = status != "placed",
            Quantity = quantity,
            Total = total,
            Currency = "NOK",
            PlacedAt = placed,
            ShippedAt = status is "shipped" or "delivered" ? placed.AddDays(random.Next(1, 5)) : null,
            ShipTo = new BenchAddress(
                Streets[random.Next(Streets.Length)] + " " + random.Next(1, 120).ToString(CultureInfo.InvariantCulture),
                Cities[random.Next(Cities.Length)],
                random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture),
                "NO"),
            Lines = lines,
            Tags = tags,
            Note = random.Next(2) == 0 ? "Leave the parcel at the back door if nobody answers; call ahead on weekdays." : null,
        };
    }
}
