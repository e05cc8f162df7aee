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

    /// <summary>Every IL opcode by its one- or two-byte value, from <see cref="System.Reflection.Emit.OpCodes"/>.</summary>
    private static readonly Dictionary<short, System.Reflection.Emit.OpCode> OpCodesByValue =
        typeof(System.Reflection.Emit.OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (System.Reflection.Emit.OpCode)f.GetValue(null)!)
            .ToDictionary(o => o.Value);

    /// <summary>
    /// The tokens of the body's instructions whose operand is a type, method or field, resolved. The IL is decoded
    /// instruction by instruction (operand sizes from the opcode table): a byte scan misreads operands and constants as
    /// tokens, and a new type elsewhere in the assembly can then turn such a misread into a false layer violation.
    /// </summary>
    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        var i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE && i + 1 < il.Length ? (short)(0xFE00 | il[i + 1]) : il[i];
            if (!OpCodesByValue.TryGetValue(value, out var opCode))
            {
                yield break;
            }

            i += opCode.Size;
            var operandSize = opCode.OperandType switch
            {
                System.Reflection.Emit.OperandType.InlineNone => 0,
                System.Reflection.Emit.OperandType.ShortInlineBrTarget or System.Reflection.Emit.OperandType.ShortInlineI
                    or System.Reflection.Emit.OperandType.ShortInlineVar => 1,
                System.Reflection.Emit.OperandType.InlineVar => 2,
                System.Reflection.Emit.OperandType.InlineI8 or System.Reflection.Emit.OperandType.InlineR => 8,
                System.Reflection.Emit.OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
            var isToken = opCode.OperandType is System.Reflection.Emit.OperandType.InlineMethod or System.Reflection.Emit.OperandType.InlineField
                or System.Reflection.Emit.OperandType.InlineType or System.Reflection.Emit.OperandType.InlineTok;
            var token = isToken ? BitConverter.ToInt32(il, i) : 0;
            i += operandSize;
            if (!isToken)
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

            // A closure class (Foo+<>c) is private to its declaring type and counts with it; a generic parameter (T of
            // a generic method) has no FullName and names no layer.
            if (resolved is { FullName: { } name } && !name.Contains('<', StringComparison.Ordinal))
            {
                yield return resolved;
            }
        }
    }
}
