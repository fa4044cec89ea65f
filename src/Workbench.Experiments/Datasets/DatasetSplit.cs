namespace Workbench.Experiments.Datasets;

/// <summary>The split a sample belongs to; written lower-case ("train", "eval", "test") in files and the API.</summary>
public enum DatasetSplit
{
    Train,
    Eval,
    Test,
}
