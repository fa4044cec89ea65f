using System.Diagnostics;

namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>
/// Bounds on one render, so a template from a model folder cannot hang a worker or the host or fill their memory: chat
/// templates render a few kB in well under a millisecond, so a render past these is a loop without end, not a template.
/// </summary>
internal sealed class JinjaLimits
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(1);
    public const int MaxOutputChars = 1_000_000;
    public const int MaxRangeItems = 100_000;
    public const int MaxMacroDepth = 64;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _macroDepth;

    /// <summary>Throws once the render has run longer than <see cref="MaxDuration"/>.</summary>
    public void Tick()
    {
        if (_clock.Elapsed > MaxDuration)
            throw new ChatTemplateException($"The chat template ran for more than {MaxDuration.TotalSeconds:0} s in one render; it loops without end or nearly so.");
    }

    /// <summary>Throws once <paramref name="length"/> characters of output (or of one string value) pass <see cref="MaxOutputChars"/>.</summary>
    public static void CheckLength(long length)
    {
        if (length > MaxOutputChars)
            throw new ChatTemplateException($"The chat template produced more than {MaxOutputChars:N0} characters in one render.");
    }

    public static void CheckRange(long items)
    {
        if (items > MaxRangeItems) throw new ChatTemplateException($"Jinja: range() of {items:N0} items; at most {MaxRangeItems:N0} are allowed in a chat template.");
    }

    /// <summary>Counts a macro call in; dispose to count it out. Throws past <see cref="MaxMacroDepth"/> (a macro calling itself for ever).</summary>
    public IDisposable EnterMacro()
    {
        if (++_macroDepth > MaxMacroDepth) throw new ChatTemplateException($"The chat template nests macro calls more than {MaxMacroDepth} deep.");
        return new Exit(this);
    }

    private sealed class Exit(JinjaLimits limits) : IDisposable
    {
        public void Dispose() => limits._macroDepth--;
    }
}
