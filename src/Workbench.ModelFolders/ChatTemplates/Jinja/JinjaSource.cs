namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>The template text as Jinja sees it, and positions in it as "line L, column C" for error messages.</summary>
internal sealed class JinjaSource
{
    public string Text { get; }

    public JinjaSource(string template)
    {
        // Jinja joins source.splitlines() with "\n" and, without keep_trailing_newline, drops one final newline.
        var text = template.Replace("\r\n", "\n").Replace('\r', '\n');
        Text = text.EndsWith('\n') ? text[..^1] : text;
    }

    public string Describe(int position)
    {
        position = Math.Clamp(position, 0, Text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < position; i++)
            if (Text[i] == '\n') { line++; lineStart = i + 1; }
        return $"line {line}, column {position - lineStart + 1}";
    }
}
