namespace Keel;

/// <summary>What reading members of a stored document needs to know about its mapping.</summary>
internal interface IDocumentLayout
{
    JsonMembers Members { get; }

    DuplicatedMember? DuplicateFor(MemberPath path);

    bool HasIndexOn(MemberPath path);
}
