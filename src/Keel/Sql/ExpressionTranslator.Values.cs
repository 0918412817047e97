using System.Collections;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;

namespace Keel;

internal static partial class ExpressionTranslator
{
    /// <summary>Binds a value compared with <paramref name="path"/> as the storage holds it (the target decides, e.g. enum as text).</summary>
    private static Sql Bind(Context context, MemberPath path, object? value)
        => Sql.Parameter(context.Target.ToParameter(path, value));

    /// <summary>
    /// <c>ids.Contains(x.Id)</c> as <c>x.Id = ANY($1)</c> with one typed array parameter (uuid[], text[]…), so the
    /// statement text is the same for any number of ids. Nulls in the list become an explicit IS NULL, because
    /// <c>NULL = ANY(…)</c> is never true.
    /// </summary>
    private static Sql AnyOf(Context context, Expression collection, Operand member, IEnumerable values, bool negated)
    {
        var path = member.Path!;
        var bound = new List<object>();
        var hasNull = false;
        Type? elementType = null;
        foreach (var value in values)
        {
            var parameter = context.Target.ToParameter(path, ToMemberType(value, path.Type));
            if (parameter is null)
            {
                hasNull = true;
                continue;
            }

            elementType ??= parameter.GetType();
            if (parameter.GetType() != elementType)
                throw Unsupported(context, collection, $"its elements bind as both {TypeName(elementType)} and {TypeName(parameter.GetType())}");
            bound.Add(parameter);
        }

        if (bound.Count == 0 && !hasNull)
            return BooleanLiteral(negated);

        Sql? any = null;
        if (bound.Count > 0)
        {
            var array = Array.CreateInstance(elementType!, bound.Count);
            for (var i = 0; i < bound.Count; i++)
                array.SetValue(bound[i], i);
            any = $"{ValueOf(context, member)} = ANY({Sql.Parameter(array)})";
        }

        if (!hasNull)
            return negated ? NotTrue(any!) : any!;

        var isNull = TargetFragment(context.Target.IsNull(path, isNull: !negated), negated: false);
        if (any is null)
            return isNull;
        if (negated)
            return $"({NotTrue(any)} AND {isNull})";
        return $"({any} OR {isNull})";
    }

    /// <summary>
    /// Undoes the compiler's widening of the compared value: <c>x.Status == Status.Active</c> arrives as
    /// <c>(int)x.Status == 1</c> and <c>x.Letter == 'a'</c> as <c>(int)x.Letter == 97</c>; the target must see the enum or char.
    /// </summary>
    private static object? ToMemberType(object? value, Type memberType)
    {
        var type = Nullable.GetUnderlyingType(memberType) ?? memberType;
        if (value is null || type.IsInstanceOfType(value))
            return value;
        if (type.IsEnum && value is sbyte or byte or short or ushort or int or uint or long or ulong)
            return Enum.ToObject(type, value);
        if (type == typeof(char) && value is int code)
            return (char)code;
        return value;
    }

    /// <summary>
    /// Computes a sub-expression that does not depend on the parameter (a constant, a captured variable, a call such as
    /// <c>DateTime.UtcNow.AddDays(-1)</c>). Constants and member chains on them are read by reflection; anything else is
    /// interpreted, which costs far less than compiling for an expression run once.
    /// </summary>
    private static object? Evaluate(Expression node)
        => TryEvaluateDirectly(node, out var value)
            ? value
            : Expression.Lambda<Func<object?>>(Expression.Convert(node, typeof(object))).Compile(preferInterpretation: true)();

    private static bool TryEvaluateDirectly(Expression node, out object? value)
    {
        value = null;
        switch (node)
        {
            case ConstantExpression constant:
                value = constant.Value;
                return true;

            case MemberExpression member:
                object? instance = null;
                if (member.Expression is not null && (!TryEvaluateDirectly(member.Expression, out instance) || instance is null))
                    return false;
                switch (member.Member)
                {
                    case FieldInfo field:
                        value = field.GetValue(instance);
                        return true;
                    case PropertyInfo property when property.GetIndexParameters().Length == 0:
                        value = property.GetValue(instance);
                        return true;
                    default:
                        return false;
                }

            case BinaryExpression { NodeType: ExpressionType.ArrayIndex } index:
                if (!TryEvaluateDirectly(index.Left, out var array) || array is not Array items
                    || !TryEvaluateDirectly(index.Right, out var position) || position is not int at)
                    return false;
                value = items.GetValue(at);
                return true;

            case UnaryExpression { NodeType: ExpressionType.Convert, Method: null } conversion:
                if (!TryEvaluateDirectly(conversion.Operand, out var operand))
                    return false;
                return TryConvertDirectly(operand, conversion.Type, out value);

            default:
                return false;
        }
    }

    /// <summary>The conversions the compiler inserts around captured values: to a nullable, to a base type, enum to number.</summary>
    private static bool TryConvertDirectly(object? operand, Type type, out object? value)
    {
        value = operand;
        if (operand is null)
            return !type.IsValueType || IsNullable(type);
        if (type.IsInstanceOfType(operand))
            return true;

        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (operand is Enum && underlying == Enum.GetUnderlyingType(operand.GetType()))
        {
            value = Convert.ChangeType(operand, underlying, CultureInfo.InvariantCulture);
            return true;
        }

        return false;
    }

    private static bool ReferencesParameter(Context context, Expression node)
    {
        var finder = new ParameterFinder(context.Parameter);
        finder.Visit(node);
        return finder.Found;
    }

    /// <summary>Finds the lambda's own parameter; parameters of nested lambdas inside a value do not count.</summary>
    private sealed class ParameterFinder(ParameterExpression parameter) : ExpressionVisitor
    {
        public bool Found { get; private set; }

        public override Expression? Visit(Expression? node) => Found ? node : base.Visit(node);

        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (node == parameter)
                Found = true;
            return node;
        }
    }
}
