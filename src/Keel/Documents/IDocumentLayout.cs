namespace Keel;

/// <summary>What reading members of a stored document needs to know about its mapping.</summary>
internal interface IDocumentLayout
{
    JsonMembers Members { get; }

    DuplicatedMember? DuplicateFor(MemberPath path);

    bool HasIndexOn(MemberPath path);

    /// <summary>True for the id member, which is read from the <c>id</c> column (the primary key), not from the JSON.</summary>
    bool IsId(MemberPath path);
}
