using System.Diagnostics.CodeAnalysis;

namespace Keel;

/// <summary>What the trimmer must keep of a type Keel materializes rows into.</summary>
internal static class Mapped
{
    public const DynamicallyAccessedMemberTypes Members =
        DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties;

    /// <summary>What the trimmer must keep of a document type: its properties (the id member is found by name).</summary>
    public const DynamicallyAccessedMemberTypes Document = DynamicallyAccessedMemberTypes.PublicProperties;
}
