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

    /// <summary>Opcodes whose operand is a type, method or field token: call, callvirt, newobj, ld/st(s)fld, ldtoken, box, newarr, castclass, isinst, ldftn.</summary>
    private static readonly HashSet<byte> TokenOpcodes = [0x28, 0x6F, 0x73, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F, 0x80, 0xD0, 0x8C, 0x8D, 0x74, 0x75, 0x06, 0x15];

    /// <summary>Tokens that follow a token-taking opcode and resolve to a type or member (a light IL scan, not a full decoder).</summary>
    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        for (var i = 1; i + 4 <= il.Length; i++)
        {
            if (!TokenOpcodes.Contains(il[i - 1]))
            {
                continue;
            }

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

            // A closure class (Foo+<>c) is private to its declaring type; a hit on another namespace's is a misread operand.
            if (resolved is not null && !resolved.FullName!.Contains('<', StringComparison.Ordinal))
            {
                yield return resolved;
            }
        }
    }
}
