namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>
/// The functions every chat template can call: Jinja's <c>range</c>, <c>namespace</c>, <c>dict</c>, and the two
/// transformers adds, <c>raise_exception(message)</c> and <c>strftime_now(format)</c>.
/// </summary>
internal static class JinjaGlobals
{
    public static void AddTo(JinjaScope scope, TimeProvider clock)
    {
        scope.Set("range", new JinjaCallable("range", Range));
        scope.Set("namespace", new JinjaCallable("namespace", (args, kwargs) => new JinjaNamespace(Merge(args, kwargs))));
        scope.Set("dict", new JinjaCallable("dict", (args, kwargs) => Merge(args, kwargs)));
        scope.Set("raise_exception", new JinjaCallable("raise_exception",
            (args, _) => throw new ChatTemplateException(args.Count > 0 ? JinjaValues.ToText(args[0]) : "raise_exception() called by the chat template")));
        scope.Set("strftime_now", new JinjaCallable("strftime_now",
            (args, _) => PythonStrftime.Format(clock.GetLocalNow(), JinjaValues.ToText(args[0]))));
    }

    private static List<object?> Range(IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs)
    {
        var numbers = args.Select(a => (long)JinjaValues.ToDouble(a)).ToList();
        var (start, stop, step) = numbers.Count switch
        {
            1 => (0L, numbers[0], 1L),
            2 => (numbers[0], numbers[1], 1L),
            3 => (numbers[0], numbers[1], numbers[2]),
            _ => throw new ChatTemplateException("Jinja: range() takes 1 to 3 arguments."),
        };
        if (step == 0) throw new ChatTemplateException("Jinja: range() step must not be zero.");
        JinjaLimits.CheckRange(step > 0 ? (stop - start + step - 1) / step : (start - stop - step - 1) / -step);
        var items = new List<object?>();
        for (var i = start; step > 0 ? i < stop : i > stop; i += step) items.Add(i);
        return items;
    }

    // namespace({'a': 1}, b=2) and dict(a=1): a positional mapping first, then the keyword arguments.
    private static Dictionary<string, object?> Merge(IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs)
    {
        var values = args.Count > 0 && args[0] is Dictionary<string, object?> initial ? new Dictionary<string, object?>(initial) : [];
        foreach (var (key, value) in kwargs) values[key] = value;
        return values;
    }
}
