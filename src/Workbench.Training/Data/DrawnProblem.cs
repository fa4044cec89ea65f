namespace Workbench.Training.Data;

/// <summary>One drawn problem before tokenization.</summary>
/// <param name="People">Names that occur in the prompt.</param>
internal sealed record DrawnProblem(string Prompt, int Answer, string Template, IReadOnlyList<string> People);
