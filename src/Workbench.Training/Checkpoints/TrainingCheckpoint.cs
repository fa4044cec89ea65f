using System.Globalization;
using System.Text.Json;
using TorchSharp;
using Workbench.Experiments;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Checkpoints;

/// <summary>
/// A resumable checkpoint: a folder <c>step-{N}</c> in the run folder holding <c>model.safetensors</c> (the student, as
/// <see cref="ModelFiles.Save"/> writes it), <c>optimizer.safetensors</c> (AdamW's exp_avg and exp_avg_sq per parameter as tensors
/// "{i}.exp_avg", "{i}.exp_avg_sq", its step counts in the metadata), <c>loss.safetensors</c> (the loss's trained projections in order, when it has any) and
/// <c>training-state.json</c> (<see cref="TrainingState"/>). The folder is written under a temporary name and renamed,
/// so a run killed mid-save never leaves a half checkpoint that looks complete.
/// </summary>
public static class TrainingCheckpoint
{
    public const string StateFileName = ResumableCheckpoint.StateFileName;
    public const string OptimizerFileName = ResumableCheckpoint.OptimizerFileName;
    public const string LossFileName = "loss.safetensors";
    public const string FolderPrefix = ResumableCheckpoint.FolderPrefix;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string FolderFor(string runDirectory, long step) =>
        Path.Combine(runDirectory, FolderPrefix + step.ToString(CultureInfo.InvariantCulture));

    /// <summary>True when <paramref name="folder"/> holds a complete resumable checkpoint.</summary>
    public static bool IsResumable(string folder) => ResumableCheckpoint.IsResumable(folder);

    /// <summary>
    /// Writes the checkpoint of step <see cref="TrainingState.Step"/> and returns its folder. <paramref name="writeExtra"/>
    /// adds run-specific files (LeaF's counterfactual set) before the folder becomes visible.
    /// </summary>
    public static string Save(string runDirectory, ICausalLanguageModel student, string tokenizerId, TorchSharp.Modules.AdamW optimizer,
                              IReadOnlyList<TorchSharp.Modules.Parameter> lossParameters, TrainingState state, Action<string>? writeExtra = null,
                              string? tokenizerFolder = null)
    {
        var folder = FolderFor(runDirectory, state.Step);
        var staging = folder + ".tmp";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        ModelFiles.Save(student, staging, tokenizerId, tokenizerFolder, state.Step);
        AdamWState.Save(optimizer, Path.Combine(staging, OptimizerFileName));
        if (lossParameters.Count > 0)
            SafeTensorsWriter.Write(Path.Combine(staging, LossFileName),
                                    lossParameters.Select((p, i) => (Key: i.ToString(CultureInfo.InvariantCulture), Value: (Tensor)p)).ToDictionary(),
                                    new Dictionary<string, string> { ["format"] = "pt" });
        writeExtra?.Invoke(staging);
        File.WriteAllText(Path.Combine(staging, StateFileName), JsonSerializer.Serialize(state, s_json));   // last: marks it complete
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.Move(staging, folder);
        return folder;
    }

    public static TrainingState ReadState(string folder)
    {
        if (!IsResumable(folder)) throw new ArgumentException($"'{folder}' is not a resumable checkpoint (it needs {StateFileName}, {GptCheckpoint.FileName} and {OptimizerFileName}).", nameof(folder));
        return JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(Path.Combine(folder, StateFileName)), s_json)
            ?? throw new InvalidDataException($"'{folder}' has an empty {StateFileName}.");
    }

    /// <summary>Loads the optimizer moments and the loss's projections saved in <paramref name="folder"/> into the live objects.</summary>
    public static void LoadOptimizerAndLoss(string folder, TorchSharp.Modules.AdamW optimizer,
                                            IReadOnlyList<TorchSharp.Modules.Parameter> lossParameters)
    {
        AdamWState.Load(optimizer, Path.Combine(folder, OptimizerFileName));
        var lossPath = Path.Combine(folder, LossFileName);
        if (lossParameters.Count == 0) return;
        using var file = SafeTensorsReader.Read(lossPath);
        using var _ = no_grad();
        for (var i = 0; i < lossParameters.Count; i++) lossParameters[i].copy_(file.Tensors[i.ToString(CultureInfo.InvariantCulture)]);
    }

    /// <summary>libtorch's default generator state, as saved in <see cref="TrainingState.TorchRngState"/>.</summary>
    public static string CaptureRng()
    {
        using var state = get_rng_state();
        return Convert.ToBase64String(state.data<byte>().ToArray());
    }

    public static void RestoreRng(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        using var state = tensor(bytes, dtype: ScalarType.Byte);
        set_rng_state(state);
    }

    /// <summary>Deletes all but the newest <paramref name="keep"/> <c>step-N</c> folders of <paramref name="runDirectory"/>.</summary>
    public static IReadOnlyList<string> Prune(string runDirectory, int keep)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        var stale = List(runDirectory).SkipLast(keep).ToArray();
        foreach (var folder in stale) Directory.Delete(folder, recursive: true);
        return stale;
    }

    /// <summary>The resumable <c>step-N</c> folders of a run, oldest first.</summary>
    public static IReadOnlyList<string> List(string runDirectory) => ResumableCheckpoint.List(runDirectory);
}
