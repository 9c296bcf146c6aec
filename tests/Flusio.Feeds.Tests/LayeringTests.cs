using System.Reflection;
using System.Reflection.Emit;
using Flusio.Feeds.Parsing;

namespace Flusio.Feeds.Tests;

/// <summary>
/// The engine's folders depend on each other in one direction only: shared text pieces live in
/// Text, which needs nothing else of the engine; parsing and cleaning both use Text and never
/// each other. Read from the compiled code (signatures and method bodies), not from the sources.
/// </summary>
public sealed class LayeringTests
{
    private static readonly Lazy<Dictionary<string, HashSet<string>>> LazyGraph = new(() => DependencyGraph(typeof(FeedParser).Assembly));

    private static Dictionary<string, HashSet<string>> Graph => LazyGraph.Value;

    [Fact]
    public void Text_depends_on_no_other_part_of_the_engine() =>
        Assert.Empty(Graph.GetValueOrDefault("Flusio.Feeds.Text") ?? []);

    [Fact]
    public void Parsing_and_cleaning_do_not_use_each_other()
    {
        Assert.DoesNotContain("Flusio.Feeds.Cleaning", Graph.GetValueOrDefault("Flusio.Feeds.Parsing") ?? []);
        Assert.DoesNotContain("Flusio.Feeds.Parsing", Graph.GetValueOrDefault("Flusio.Feeds.Cleaning") ?? []);
        Assert.Contains("Flusio.Feeds.Text", Graph["Flusio.Feeds.Parsing"]);
    }

    [Fact]
    public void No_namespace_of_the_engine_depends_on_itself_through_others()
    {
        var cycles = Graph.Keys.Where(start => Reaches(start, start)).Order(StringComparer.Ordinal).ToList();
        Assert.True(cycles.Count == 0, "in a dependency circle: " + string.Join(", ", cycles)
            + "\n" + string.Join("\n", Graph.Select(g => $"{g.Key} -> {string.Join(", ", g.Value)}")));
    }

    private static bool Reaches(string from, string target)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(Graph.GetValueOrDefault(from) ?? []);
        while (pending.TryPop(out var next))
        {
            if (next == target)
            {
                return true;
            }
            if (seen.Add(next))
            {
                foreach (var further in Graph.GetValueOrDefault(next) ?? [])
                {
                    pending.Push(further);
                }
            }
        }
        return false;
    }

    /// <summary>Namespace → the other namespaces of the same assembly its types refer to.</summary>
    private static Dictionary<string, HashSet<string>> DependencyGraph(Assembly assembly)
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var from = type.Namespace ?? "";
            if (!graph.TryGetValue(from, out var targets))
            {
                graph[from] = targets = new HashSet<string>(StringComparer.Ordinal);
            }
            foreach (var used in UsedTypes(type))
            {
                AddNamespaces(used, assembly, from, targets, depth: 0);
            }
        }
        return graph;
    }

    private static void AddNamespaces(Type? type, Assembly assembly, string from, HashSet<string> targets, int depth)
    {
        if (type is null || depth > 8)
        {
            return;
        }
        if (type.HasElementType)
        {
            AddNamespaces(type.GetElementType(), assembly, from, targets, depth + 1);
            return;
        }
        if (type.Assembly == assembly && !type.IsGenericParameter && type.Namespace is { } ns && ns != from)
        {
            targets.Add(ns);
        }
        if (type.IsConstructedGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                AddNamespaces(argument, assembly, from, targets, depth + 1);
            }
        }
    }

    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type?> UsedTypes(Type type)
    {
        yield return type.BaseType;
        foreach (var contract in type.GetInterfaces())
        {
            yield return contract;
        }
        foreach (var field in type.GetFields(Everything))
        {
            yield return field.FieldType;
        }
        foreach (var property in type.GetProperties(Everything))
        {
            yield return property.PropertyType;
        }
        var methods = type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything));
        foreach (var method in methods)
        {
            if (method is MethodInfo info)
            {
                yield return info.ReturnType;
            }
            foreach (var parameter in method.GetParameters())
            {
                yield return parameter.ParameterType;
            }
            var body = method.GetMethodBody();
            if (body is null)
            {
                continue;
            }
            foreach (var local in body.LocalVariables)
            {
                yield return local.LocalType;
            }
            foreach (var used in TypesInBody(method, body.GetILAsByteArray() ?? []))
            {
                yield return used;
            }
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    // Walks the instructions and resolves the tokens of those that name a type, a field or a method.
    private static IEnumerable<Type?> TypesInBody(MethodBase method, byte[] il)
    {
        var module = method.Module;
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            short value = il[i++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[i++]));
            }
            var opCode = OpCodesByValue[value];
            var operandStart = i;
            i += opCode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
            if (opCode.OperandType is not (OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok))
            {
                continue;
            }
            MemberInfo? member;
            try
            {
                member = module.ResolveMember(BitConverter.ToInt32(il, operandStart), typeArguments, methodArguments);
            }
            catch (ArgumentException)
            {
                continue;
            }
            switch (member)
            {
                case Type used:
                    yield return used;
                    break;
                case FieldInfo field:
                    yield return field.DeclaringType;
                    yield return field.FieldType;
                    break;
                case MethodBase called:
                    yield return called.DeclaringType;
                    if (called is MethodInfo { IsGenericMethod: true } generic)
                    {
                        foreach (var argument in generic.GetGenericArguments())
                        {
                            yield return argument;
                        }
                    }
                    break;
            }
        }
    }
}
