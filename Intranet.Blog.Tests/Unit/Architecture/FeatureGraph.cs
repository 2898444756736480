using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.Hosting;

namespace Intranet.Blog.Tests.Unit.Architecture;

/// Which feature uses which, read from the compiled app: every type under Intranet.Blog.Features.X belongs to
/// feature X, a compiled view to the folder it sits in (/Features/X/...), and a use is any type a member signature,
/// attribute or method body names, plus a view path ("~/Features/X/_Partial.cshtml") a body passes as a string.
/// Files directly under /Features (the layout, _ViewImports, _ViewStart) are the frame that composes every feature
/// and belong to none; Infrastructure, DemoData and Program are not features either.
public sealed partial class FeatureGraph
{
    private const string FeaturePrefix = "Intranet.Blog.Features.";
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly OpCode[] OneByte = new OpCode[0x100];
    private static readonly OpCode[] TwoByte = new OpCode[0x100];

    private readonly Dictionary<Type, string> _viewFeature = [];
    private readonly HashSet<string> _features;

    /// Feature → the features it uses, and for each use one example "where → what" to name in a failure.
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Uses { get; }

    static FeatureGraph()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var op = (OpCode)field.GetValue(null)!;
            var value = (ushort)op.Value;
            if (value < 0x100)
            {
                OneByte[value] = op;
            }
            else if ((value & 0xff00) == 0xfe00)
            {
                TwoByte[value & 0xff] = op;
            }
        }
    }

    public FeatureGraph(Assembly assembly)
    {
        foreach (var item in assembly.GetCustomAttributes<RazorCompiledItemAttribute>())
        {
            _viewFeature[item.Type] = FeatureOfPath(item.Identifier) ?? "";
        }

        var types = assembly.GetTypes();
        _features = types.Select(t => FeatureOfNamespace(t.Namespace)).OfType<string>().ToHashSet();
        var uses = new Dictionary<string, Dictionary<string, string>>();
        foreach (var type in types)
        {
            if (FeatureOf(type) is not { Length: > 0 } owner)
            {
                continue;
            }

            var used = uses.TryGetValue(owner, out var u) ? u : uses[owner] = [];
            foreach (var (target, what) in Referenced(type))
            {
                if (target != owner && _features.Contains(target))
                {
                    used.TryAdd(target, $"{Name(type)} → {what}");
                }
            }
        }

        Uses = uses.ToDictionary(u => u.Key, u => (IReadOnlyDictionary<string, string>)u.Value);
    }

    /// A graph given by hand, to test the cycle search itself.
    public FeatureGraph(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> uses)
    {
        Uses = uses;
        _features = uses.Keys.Concat(uses.Values.SelectMany(u => u.Keys)).ToHashSet();
    }

    public IReadOnlyCollection<string> Features => _features;

    /// Each set of features that reach one another (a strongly connected component with more than one member):
    /// the shortest cycle through its first member, then every use among its members with an example of each.
    public IReadOnlyList<string> Cycles(IReadOnlySet<string>? ignoring = null)
    {
        _ignoring = ignoring ?? new HashSet<string>();
        var cycles = new List<string>();
        foreach (var component in StronglyConnected().Where(c => c.Count > 1))
        {
            var members = component.ToHashSet();
            var start = component.Order(StringComparer.Ordinal).First();
            var path = PathBack(start, start, members) ?? [start];
            var inside = members.Order(StringComparer.Ordinal)
                .SelectMany(from => Next(from).Where(members.Contains).Order(StringComparer.Ordinal).Select(to => $"  {from} → {to}   ({Uses[from][to]})"));
            cycles.Add($"{string.Join(" → ", path.Append(start))}, and every use among {string.Join(", ", members.Order(StringComparer.Ordinal))}:\n{string.Join("\n", inside)}");
        }

        return cycles;
    }

    /// The shortest path from `from` that returns to `to`, staying inside the component.
    private List<string>? PathBack(string from, string to, HashSet<string> members)
    {
        var previous = new Dictionary<string, string>();
        var queue = new Queue<string>([from]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var next in Next(node).Where(members.Contains).Order(StringComparer.Ordinal))
            {
                if (next == to)
                {
                    var path = new List<string> { node };
                    while (path[0] != from)
                    {
                        path.Insert(0, previous[path[0]]);
                    }

                    return path;
                }

                if (previous.TryAdd(next, node))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }

    private IReadOnlySet<string> _ignoring = new HashSet<string>();

    private IEnumerable<string> Next(string feature) =>
        Uses.TryGetValue(feature, out var used) ? used.Keys.Where(to => !_ignoring.Contains($"{feature} → {to}")) : [];

    /// Tarjan's algorithm.
    private List<List<string>> StronglyConnected()
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var components = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var next in Next(node))
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (stack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    component.Add(member);
                }
                while (member != node);
                components.Add(component);
            }
        }

        foreach (var feature in _features.Order(StringComparer.Ordinal).Where(f => !index.ContainsKey(f)))
        {
            Visit(feature);
        }

        return components;
    }

    /// The feature a type belongs to: "" for the frame, null for what is not a feature at all.
    private string? FeatureOf(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return _viewFeature.TryGetValue(type, out var view) ? view : FeatureOfNamespace(type.Namespace);
    }

    private static string? FeatureOfNamespace(string? ns) =>
        ns is not null && ns.StartsWith(FeaturePrefix, StringComparison.Ordinal) ? ns[FeaturePrefix.Length..].Split('.')[0] : null;

    private static string? FeatureOfPath(string path) => ViewPath().Match(path) is { Success: true } m ? m.Groups[1].Value : null;

    private static string Name(Type type) => type.DeclaringType is { } outer ? Name(outer) : type.Name;

    private IEnumerable<(string Feature, string What)> Referenced(Type type)
    {
        var named = new List<Type>();
        named.AddRange(type.GetInterfaces());
        if (type.BaseType is { } baseType)
        {
            named.Add(baseType);
        }

        named.AddRange(type.GetCustomAttributesData().Select(a => a.AttributeType));
        foreach (var field in type.GetFields(Everything))
        {
            named.Add(field.FieldType);
        }

        foreach (var property in type.GetProperties(Everything))
        {
            named.Add(property.PropertyType);
        }

        var bodies = new List<MethodBase>();
        bodies.AddRange(type.GetConstructors(Everything));
        bodies.AddRange(type.GetMethods(Everything));
        foreach (var method in bodies)
        {
            named.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                named.Add(info.ReturnType);
            }

            named.AddRange(method.GetCustomAttributesData().Select(a => a.AttributeType));
            if (method.GetMethodBody() is { } body)
            {
                named.AddRange(body.LocalVariables.Select(l => l.LocalType));
                foreach (var use in BodyUses(method, body))
                {
                    yield return use;
                }
            }
        }

        foreach (var used in named.SelectMany(Expand).Distinct())
        {
            if (FeatureOf(used) is { Length: > 0 } feature)
            {
                yield return (feature, Name(used));
            }
        }
    }

    private IEnumerable<(string Feature, string What)> BodyUses(MethodBase method, MethodBody body)
    {
        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var op = il[at] == 0xfe ? TwoByte[il[++at]] : OneByte[il[at]];
            at++;
            var operand = at;
            at += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, operand),
                _ => 4,
            };
            if (op.OperandType is OperandType.InlineString)
            {
                var text = method.Module.ResolveString(BitConverter.ToInt32(il, operand));
                foreach (Match m in ViewPath().Matches(text))
                {
                    yield return (m.Groups[1].Value, text);
                }
            }
            else if (op.OperandType is OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField)
            {
                MemberInfo? member;
                try
                {
                    member = method.Module.ResolveMember(BitConverter.ToInt32(il, operand), typeArguments, methodArguments);
                }
                catch (ArgumentException)
                {
                    member = null;
                }

                foreach (var used in Signature(member).SelectMany(Expand))
                {
                    if (FeatureOf(used) is { Length: > 0 } feature)
                    {
                        yield return (feature, member is Type || used != member!.DeclaringType ? Name(used) : $"{Name(used)}.{member.Name}");
                    }
                }
            }
        }
    }

    private static IEnumerable<Type> Signature(MemberInfo? member) => member switch
    {
        Type type => [type],
        MethodInfo method => [method.DeclaringType!, method.ReturnType, .. method.GetParameters().Select(p => p.ParameterType), .. method.IsGenericMethod ? method.GetGenericArguments() : []],
        ConstructorInfo constructor => [constructor.DeclaringType!, .. constructor.GetParameters().Select(p => p.ParameterType)],
        FieldInfo field => [field.DeclaringType!, field.FieldType],
        _ => [],
    };

    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType)
        {
            return Expand(type.GetElementType()!);
        }

        return type.IsGenericType && !type.IsGenericTypeDefinition
            ? type.GetGenericArguments().SelectMany(Expand).Prepend(type.GetGenericTypeDefinition())
            : type.IsGenericParameter ? [] : [type];
    }

    [GeneratedRegex(@"/Features/([A-Za-z0-9]+)/")]
    private static partial Regex ViewPath();
}
