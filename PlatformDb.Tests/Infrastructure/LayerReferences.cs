using System.Reflection;

namespace PlatformDb.Tests.Infrastructure;

/// <summary>
/// The types a namespace's code refers to, read by reflection from signatures (fields, properties, method parameters
/// and returns, base types) and from the metadata tokens in method bodies.
/// </summary>
public static class LayerReferences
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static IEnumerable<Type> TypesUsedBy(Assembly assembly, string @namespace)
    {
        var types = assembly.GetTypes().Where(t => t.Namespace == @namespace).ToList();
        foreach (var type in types)
        {
            if (type.BaseType is { } baseType)
            {
                yield return baseType;
            }

            foreach (var field in type.GetFields(All))
            {
                yield return field.FieldType;
            }

            foreach (var property in type.GetProperties(All))
            {
                yield return property.PropertyType;
            }

            foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
            {
                if (method is MethodInfo info)
                {
                    yield return info.ReturnType;
                }

                foreach (var parameter in method.GetParameters())
                {
                    yield return parameter.ParameterType;
                }

                foreach (var used in BodyReferences(method))
                {
                    yield return used;
                }
            }
        }
    }

    /// <summary>Every 4-byte token in the IL that resolves to a type or member; unrelated bytes simply fail to resolve.</summary>
    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        for (var i = 0; i + 4 <= il.Length; i++)
        {
            var token = BitConverter.ToInt32(il, i);
            var table = token >>> 24;
            if (table is not (0x01 or 0x02 or 0x0A or 0x06 or 0x04 or 0x2B or 0x1B))
            {
                continue;
            }

            Type? resolved = null;
            try
            {
                var member = method.Module.ResolveMember(token,
                    method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null,
                    method.IsGenericMethod ? method.GetGenericArguments() : null);
                resolved = member as Type ?? member?.DeclaringType;
            }
            catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or MissingMemberException)
            {
            }

            if (resolved is not null)
            {
                yield return resolved;
            }
        }
    }
}
