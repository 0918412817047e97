namespace Keel.Tests.Tenancy;

// A small SaaS billing model: accounts, their invoices and invoice lines, a 1:1 billing record, contacts whose
// account may go away (SET NULL), labels over an implicit pivot, all multi-tenant; currencies are shared by every tenant.

[Index(nameof(Name))]
public sealed class Account
{
    public int Id { get; set; }

    [Unique]
    public required string Email { get; set; }

    public required string Name { get; set; }

    public decimal Balance { get; set; }

    public bool IsActive { get; set; } = true;

    [Version]
    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    public List<Invoice> Invoices { get; set; } = [];

    public List<Label> Labels { get; set; } = [];

    public Billing? Billing { get; set; }
}

/// <summary>Declares its tenant: Keel fills <see cref="TenantId"/> from the row and never writes it from the entity.</summary>
public sealed class Invoice
{
    public Guid Id { get; set; }

    public string? TenantId { get; set; }

    [OnDelete(ReferentialAction.Cascade)]
    public Account? Account { get; set; }

    public int AccountId { get; set; }

    public Currency? Currency { get; set; }

    public int CurrencyId { get; set; }

    public decimal Total { get; set; }

    public List<InvoiceLine> Lines { get; set; } = [];
}

public sealed class InvoiceLine
{
    public Guid Id { get; set; }

    [OnDelete(ReferentialAction.Cascade)]
    public Invoice? Invoice { get; set; }

    public Guid InvoiceId { get; set; }

    public required string Description { get; set; }

    public decimal Amount { get; set; }
}

public sealed class Billing
{
    public int Id { get; set; }

    [OnDelete(ReferentialAction.Cascade)]
    public Account? Account { get; set; }

    public int AccountId { get; set; }

    public required string Iban { get; set; }
}

public sealed class Contact
{
    public int Id { get; set; }

    [OnDelete(ReferentialAction.SetNull)]
    public Account? Account { get; set; }

    public int? AccountId { get; set; }

    public required string Name { get; set; }
}

public sealed class Label
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public List<Account> Accounts { get; set; } = [];
}

/// <summary>Shared by every tenant.</summary>
public sealed class Currency
{
    public int Id { get; set; }

    [Unique]
    public required string Code { get; set; }

    /// <summary>Every tenant's invoices in this currency: an include from shared rows into multi-tenant ones.</summary>
    public List<Invoice> Invoices { get; set; } = [];
}

/// <summary>Multi-tenant, but the fixture adds a hand-made unique constraint on its code that leaves the tenant out.</summary>
public sealed class Badge
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string Holder { get; set; }
}
