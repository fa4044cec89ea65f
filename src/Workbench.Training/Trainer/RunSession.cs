using TorchSharp;
using Workbench.Experiments;
using Workbench.Training.Checkpoints;
using Workbench.Training.Devices;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer;

/// <summary>
/// The start every trainer shares: libtorch threads, the device, the resumed state (read first, so a bad folder fails before
/// anything loads), the models and data (<see cref="RunModels"/>), the output folder, and one seed for the weights and the batch
/// order. Disposing frees the seeded generator.
/// </summary>
internal sealed class RunSession : IDisposable
{
    // Its own generator, so concurrent runs cannot disturb the initial weights.
    private readonly Generator _generator;

    private RunSession(Device device, TrainingState? resume, RunModels models, Generator generator)
    {
        Device = device;
        Resume = resume;
        Models = models;
        _generator = generator;
    }

    public Device Device { get; }

    /// <summary>The state of the checkpoint the run continues from; null for a fresh run.</summary>
    public TrainingState? Resume { get; }

    public RunModels Models { get; }

    public static RunSession Open(RunConfig config, TrainingOptions options)
    {
        ThreadSettings.Apply(options.Threads);
        var device = DeviceSelector.Select(config.Device);
        var resume = options.ResumeFrom is { } folder ? TrainingCheckpoint.ReadState(folder) : null;
        var models = RunModels.Prepare(config, options);
        Directory.CreateDirectory(options.OutputDirectory);
        manual_seed(config.Seed);
        return new RunSession(device, resume, models, new Generator((ulong)config.Seed));
    }

    /// <summary>The student, on the run's device, from the seeded generator when it starts fresh.</summary>
    public ICausalLanguageModel CreateStudent(RunConfig config) => Models.CreateStudent(config, Device, _generator);

    public void Dispose() => _generator.Dispose();
}
