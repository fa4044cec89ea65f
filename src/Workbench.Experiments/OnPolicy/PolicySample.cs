namespace Workbench.Experiments.OnPolicy;

/// <summary>One of the student's samples: the prompt it was given and the tokens it wrote after it.</summary>
public sealed record PolicySample(string Prompt, PolicyToken[] Tokens);
