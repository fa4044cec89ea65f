using System.Reflection;
using System.Reflection.Emit;

namespace Workbench.Web.Tests.Architecture;

/// <summary>
/// Which namespaces of an assembly use which, read from the compiled code: every type's base type, interfaces, fields,
/// properties, method signatures, attributes, and the types, methods and fields its method bodies' IL names (so a use
/// inside a lambda, an async method or a generic argument counts too). Nested and compiler-generated types count for the
/// namespace of the type they are declared in.
/// </summary>
public sealed class NamespaceGraph
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    private readonly Dictionary<string, Dictionary<string, SortedSet<string>>> _edges = new(StringComparer.Ordinal);

    /// <summary>The graph of the namespaces of <paramref name="assembly"/> that start with <paramref name="prefix"/>.</summary>
    public static NamespaceGraph Of(Assembly assembly, string prefix)
    {
        var graph = new NamespaceGraph();
        foreach (var type in assembly.GetTypes())
        {
            if (type.Namespace is not { } from || !from.StartsWith(prefix, StringComparison.Ordinal)) continue;
            foreach (var used in UsedTypes(type).SelectMany(Expand).Distinct())
                if (used.Namespace is { } to && to != from && to.StartsWith(prefix, StringComparison.Ordinal) && used.Assembly == assembly)
                    graph.Add(from, to, $"{Outermost(type).Name} uses {Outermost(used).Name}");
        }
        return graph;
    }

    /// <summary>Namespace → the namespaces it uses.</summary>
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>> Edges =>
        _edges.ToDictionary(e => e.Key, e => (IReadOnlyCollection<string>)e.Value.Keys, StringComparer.Ordinal);

    /// <summary>Why <paramref name="from"/> uses <paramref name="to"/>: "RunTelemetry uses DataPaths", ...</summary>
    public IReadOnlyCollection<string> Reasons(string from, string to) =>
        _edges.TryGetValue(from, out var targets) && targets.TryGetValue(to, out var reasons) ? reasons : [];

    /// <summary>The groups of namespaces that use each other in a circle (strongly connected components of two or more).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var nodes = _edges.Keys.Concat(_edges.Values.SelectMany(t => t.Keys)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in _edges.TryGetValue(node, out var targets) ? targets.Keys : Enumerable.Empty<string>())
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                    low[node] = Math.Min(low[node], index[next]);
            }
            if (low[node] != index[node]) return;
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            } while (member != node);
            if (component.Count > 1) components.Add([.. component.Order(StringComparer.Ordinal)]);
        }

        foreach (var node in nodes)
            if (!index.ContainsKey(node)) Visit(node);
        return components;
    }

    /// <summary>A cycle written out with the uses that make each of its edges, for a failure message.</summary>
    public string Describe(IReadOnlyList<string> cycle) => string.Join('\n', cycle.SelectMany(from => cycle
        .Where(to => Reasons(from, to).Count > 0)
        .Select(to => $"  {from} -> {to}: {string.Join(", ", Reasons(from, to).Take(4))}{(Reasons(from, to).Count > 4 ? ", ..." : "")}")));

    private void Add(string from, string to, string reason)
    {
        if (!_edges.TryGetValue(from, out var targets)) _edges[from] = targets = new(StringComparer.Ordinal);
        if (!targets.TryGetValue(to, out var reasons)) targets[to] = reasons = new(StringComparer.Ordinal);
        reasons.Add(reason);
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        return type;
    }

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        if (type.BaseType is { } baseType) yield return baseType;
        foreach (var i in type.GetInterfaces()) yield return i;
        foreach (var a in type.CustomAttributes) yield return a.AttributeType;
        foreach (var field in type.GetFields(Declared)) yield return field.FieldType;
        foreach (var property in type.GetProperties(Declared))
        {
            yield return property.PropertyType;
            foreach (var a in property.CustomAttributes) yield return a.AttributeType;
        }
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info) yield return info.ReturnType;
            foreach (var parameter in method.GetParameters()) yield return parameter.ParameterType;
            foreach (var used in BodyReferences(method)) yield return used;
        }
    }

    // The types of the tokens an IL body names: call/newobj targets, field accesses, typeof, casts, ldtoken.
    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var position = 0; position < il.Length;)
        {
            short value = il[position++];
            if (value == 0xFE) value = unchecked((short)(0xFE00 | il[position++]));
            var opCode = s_opCodes[value];
            var operandSize = opCode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, position),
                _ => 4,
            };
            if (opCode.OperandType is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok)
            {
                var member = Resolve(method.Module, BitConverter.ToInt32(il, position), typeArguments, methodArguments);
                if (member is Type t) yield return t;
                else if (member is not null)
                {
                    if (member.DeclaringType is { } declaring) yield return declaring;
                    if (member is MethodInfo { IsGenericMethod: true } generic)
                        foreach (var argument in generic.GetGenericArguments()) yield return argument;
                    if (member is FieldInfo field) yield return field.FieldType;
                }
            }
            position += operandSize;
        }
    }

    private static MemberInfo? Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        try
        {
            return module.ResolveMember(token, typeArguments, methodArguments);
        }
        catch (Exception ex) when (ex is ArgumentException or TypeLoadException or FileNotFoundException or BadImageFormatException or MissingMemberException)
        {
            return null;   // a member of an assembly this process cannot load: not one of the assembly's own namespaces
        }
    }

    // A type and the types it is made of: element types of arrays, pointers and by-refs, and generic arguments.
    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType && type.GetElementType() is { } element)
        {
            foreach (var t in Expand(element)) yield return t;
            yield break;
        }
        if (type.IsGenericParameter) yield break;
        yield return type;
        if (type.IsConstructedGenericType)
            foreach (var argument in type.GetGenericArguments())
                foreach (var t in Expand(argument)) yield return t;
    }
}
