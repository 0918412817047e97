namespace Keel;

/// <summary>What a <see cref="SqlToken"/> is. Comments are tokens too, so callers can skip them explicitly.</summary>
internal enum SqlTokenKind
{
    /// <summary>An unquoted identifier or keyword (<c>CREATE</c>, <c>users</c>, <c>foo$bar</c>).</summary>
    Word,

    /// <summary>A double-quoted identifier (<c>"Order"</c>), never a keyword.</summary>
    QuotedIdentifier,

    /// <summary>A string constant: <c>'...'</c>, <c>E'...'</c>, <c>B'...'</c>, <c>X'...'</c>, <c>N'...'</c>, <c>U&amp;'...'</c>.</summary>
    String,

    /// <summary>A dollar-quoted constant: <c>$$...$$</c> or <c>$tag$...$tag$</c> (function bodies).</summary>
    DollarString,

    /// <summary>A numeric constant.</summary>
    Number,

    /// <summary>An operator (<c>=</c>, <c>&lt;&gt;</c>, <c>||</c>, <c>::</c>) or a positional parameter (<c>$1</c>).</summary>
    Operator,

    /// <summary>One of <c>( ) [ ] , ; . :</c>.</summary>
    Punctuation,

    /// <summary>A <c>--</c> line comment or a (possibly nested) <c>/* */</c> block comment.</summary>
    Comment,
}
