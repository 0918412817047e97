using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using System.Reflection;

namespace Keel;

/// <summary>Conventions, attributes and fluent overrides turned into columns and navigations (fluent wins, then attributes).</summary>
internal sealed partial class EntityMap<T>
{
    private static (string Schema, string Table) TableOf(EntityOptions<T> options)
    {
        // A single-table subtype lives in its root's table.
        if (options.Parent is { Strategy: InheritanceStrategy.SingleTable } sti)
            return (sti.Base.Schema, sti.Base.Table);
        var attribute = typeof(T).GetCustomAttribute<TableAttribute>();
        var table = options.TableName ?? attribute?.Name ?? NameConvention.Plural(NameConvention.ToSnakeCase(typeof(T).Name));
        var schema = options.SchemaName ?? attribute?.Schema ?? "public";
        SqlIdentifiers.Validate(table);
        SqlIdentifiers.Validate(schema);
        return (schema, table);
    }

    private static (EntityColumn[] Columns, EntityNavigation[] Navigations) Classify(EntityOptions<T> options)
    {
        var json = JsonMembers.Prepare(options.JsonOptions);
        var constructorNames = typeof(T).GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .SelectMany(c => c.GetParameters()).Select(p => NameConvention.MatchKey(p.Name ?? string.Empty)).ToHashSet(StringComparer.Ordinal);
        var parent = options.Parent?.Base;
        var keyNames = parent is null ? KeyNames(options) : [.. parent.Keys.Select(k => k.Property.Name)];
        var tenantName = parent is null ? options.TenantColumn : parent.Tenant?.Name;
        // A subtype starts from its root's columns and navigations (the same objects), then adds what it declares.
        var columns = new List<EntityColumn>(parent?.Columns ?? []);
        var navigations = new List<EntityNavigation>(parent?.Navigations ?? []);
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0
                || options.Ignored.Contains(property.Name) || property.IsDefined(typeof(NotMappedAttribute))
                || (parent is not null && (property.DeclaringType!.IsAssignableFrom(parent.EntityType) || parent.ColumnFor(property.Name) is not null || parent.Navigations.Any(n => n.Property.Name == property.Name))))
                continue;
            var fluent = options.Columns.GetValueOrDefault(property.Name);
            var isJson = fluent?.Json == true || property.IsDefined(typeof(JsonbAttribute));
            if (!isJson && IsNavigation(property.PropertyType, out var target, out var isCollection))
            {
                var foreignKey = options.NavigationKeys.GetValueOrDefault(property.Name) ?? property.GetCustomAttribute<ForeignKeyAttribute>()?.Name ?? ForeignKeyNaming(property.Name);
                navigations.Add(new EntityNavigation(property, target, isCollection, foreignKey));
                continue;
            }

            // A get-only property that no constructor sets is computed in .NET, not stored.
            var writable = property.SetMethod is { IsPublic: true } || constructorNames.Contains(NameConvention.MatchKey(property.Name));
            if (!writable)
                continue;

            var spec = Spec(property, fluent, isJson, keyNames);
            if (spec.Name == tenantName)
                spec = TenantSpec(property, spec);
            if (parent is not null && spec.Role != ColumnRole.Data)
                throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} is a {spec.Role} column; in a hierarchy the key, version, timestamps and soft-delete mark belong to the root {parent.EntityType.Name}.");
            columns.Add(new EntityColumn(property, spec, ColumnConversion.CompileBoxed(spec.Kind, property.PropertyType, json)));
        }

        var missing = keyNames.Where(k => columns.All(c => c.Property.Name != k)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"{typeof(T).Name} has no mapped property {string.Join(", ", missing)} for its key; name the key with HasKey(...) or [Key].");
        if (columns.Count(c => c.Role == ColumnRole.Version) > 1 || columns.Count(c => c.Role == ColumnRole.SoftDelete) > 1)
            throw new InvalidOperationException($"{typeof(T).Name} maps more than one version or soft-delete column; keep one of each.");

        // Keys first, in key order, then the other columns as declared: the select list reads like the table.
        var ordered = keyNames.Select(k => columns.First(c => c.Property.Name == k)).Concat(columns.Where(c => !c.IsKey)).ToArray();
        return (ordered, [.. navigations]);

        string? ForeignKeyNaming(string navigation)
            => typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => p.GetCustomAttribute<ForeignKeyAttribute>()?.Name == navigation)?.Name;
    }

    private static List<string> KeyNames(EntityOptions<T> options)
    {
        if (options.KeyProperties is { } fluent)
            return [.. fluent];
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var attributed = properties.Where(p => p.IsDefined(typeof(KeyAttribute)))
            .OrderBy(p => p.GetCustomAttribute<ColumnAttribute>()?.Order ?? int.MaxValue).Select(p => p.Name).ToList();
        if (attributed.Count > 0)
            return attributed;
        var conventional = properties.FirstOrDefault(p => p.Name == "Id") ?? properties.FirstOrDefault(p => p.Name == typeof(T).Name + "Id");
        return conventional is not null
            ? [conventional.Name]
            : throw new InvalidOperationException($"{typeof(T).Name} has no key: add an Id property, mark the key with [Key], or call HasKey(...) in keel.Entities.For<{typeof(T).Name}>(...).");
    }

    private static EntityColumnSpec Spec(PropertyInfo property, ColumnOptions? fluent, bool isJson, List<string> keyNames)
    {
        var type = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var columnAttribute = property.GetCustomAttribute<ColumnAttribute>();
        var declaredType = fluent?.Type ?? columnAttribute?.TypeName;
        var kind = isJson ? ColumnKind.Json
            : underlying.IsEnum ? (IsIntegerType(declaredType) ? ColumnKind.EnumInteger : ColumnKind.EnumText)
            : ColumnKind.Plain;
        var role = fluent?.Role ?? (property.IsDefined(typeof(VersionAttribute)) ? ColumnRole.Version : ConventionalRole(property.Name, type));
        if (role == ColumnRole.Version && type != typeof(int))
            throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} is the version column, so it must be an int.");

        var isKey = keyNames.Contains(property.Name);
        var generated = property.GetCustomAttribute<DatabaseGeneratedAttribute>()?.DatabaseGeneratedOption;
        var isIdentity = isKey && keyNames.Count == 1 && generated != DatabaseGeneratedOption.None && fluent?.ApplicationKey != true
            && (generated == DatabaseGeneratedOption.Identity || type == typeof(int) || type == typeof(long) || type == typeof(short));
        var nullable = Nullable.GetUnderlyingType(type) is not null
            // A context per call: NullabilityInfoContext caches in plain dictionaries, and maps of one type may be built on several threads at once.
            || (!type.IsValueType && new NullabilityInfoContext().Create(property).ReadState != NullabilityState.NotNull);
        return new EntityColumnSpec(
            fluent?.Name ?? columnAttribute?.Name ?? NameConvention.ToSnakeCase(property.Name),
            kind,
            role,
            isKey,
            isIdentity,
            generated == DatabaseGeneratedOption.Computed,
            fluent?.Sensitive == true || property.IsDefined(typeof(SensitiveAttribute)),
            nullable && !isKey,
            declaredType,
            fluent?.Default,
            ColumnConversion.StoreType(kind, type));
    }

    private static ColumnRole ConventionalRole(string name, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying != typeof(DateTimeOffset) && underlying != typeof(DateTime))
            return ColumnRole.Data;
        return name switch
        {
            "CreatedAt" => ColumnRole.CreatedAt,
            "UpdatedAt" => ColumnRole.UpdatedAt,
            "DeletedAt" when underlying != type => ColumnRole.SoftDelete,
            _ => ColumnRole.Data,
        };
    }

    private static bool IsIntegerType(string? sqlType)
        => sqlType is not null && sqlType.Trim().ToLowerInvariant() is "integer" or "int" or "int4" or "smallint" or "int2" or "bigint" or "int8";

    /// <summary>A class (not a scalar, not a jsonb column) or a collection of classes: another entity, not a column.</summary>
    private static bool IsNavigation(Type type, out Type target, out bool isCollection)
    {
        target = type;
        isCollection = false;
        if (type.IsArray)
        {
            target = type.GetElementType()!;
            isCollection = true;
            return IsEntityLike(target);
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var element] && typeof(IEnumerable).IsAssignableFrom(type))
        {
            target = element;
            isCollection = true;
            return IsEntityLike(element);
        }

        return IsEntityLike(type) && !typeof(IEnumerable).IsAssignableFrom(type);
    }

    private static bool IsEntityLike(Type type) => type.IsClass && !ScalarTypes.IsScalar(type);
}
