using System.Linq.Expressions;

namespace Keel;

internal static partial class ExpressionTranslator
{
    /// <summary>Translates a predicate whose parameter type is known only at run time (a filtered include's <c>Where</c>).</summary>
    /// <exception cref="NotSupportedException">A part of the predicate has no translation; the message names it.</exception>
    public static Sql Where(LambdaExpression predicate, IMemberSqlTarget target)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(target);
        return Predicate(new Context(predicate, target), predicate.Body, negated: false);
    }

    /// <summary>The value of a captured or constant expression (a filtered include's <c>Take(n)</c>).</summary>
    public static object? ValueOf(Expression node) => Evaluate(node);
}
