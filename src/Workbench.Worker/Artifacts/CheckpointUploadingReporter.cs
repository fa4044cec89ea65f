using System.Threading.Channels;
using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Experiments.Leaf;
using Workbench.Experiments.OnPolicy;
using Workbench.RunProtocol.Launch;
using Workbench.Training.Trainer;

namespace Workbench.Worker.Artifacts;

/// <summary>
/// The reporter of a worker without the host's disk: each saved checkpoint is uploaded to the run's folder on the host
/// (a <c>step-N</c> folder whole; the final model with the files beside it) before it is reported, with the host's path,
/// so the host registers, shows and hands on a file it holds. Uploads run in order on a task of their own, so training
/// does not wait for them; <see cref="SettleAsync"/> waits for the last one. A step folder pruned before its turn is
/// skipped (the host would have lost it too); any other failed upload fails the run.
/// </summary>
public sealed class CheckpointUploadingReporter : ITrainingReporter
{
    private readonly ITrainingReporter _inner;
    private readonly ArtifactUploader _uploader;
    private readonly string _outputDirectory;
    private readonly TextWriter _log;
    private readonly Channel<CheckpointSaved> _pending = Channel.CreateUnbounded<CheckpointSaved>(new() { SingleReader = true });
    private readonly Task _uploads;
    private Exception? _failure;

    // The worker's own files in its output folder, never part of a model.
    private static readonly string[] s_bookkeeping = [LaunchDocument.FileName, LaunchDocument.SpoolFileName, LaunchDocument.StaleSpoolFileName];

    public CheckpointUploadingReporter(ITrainingReporter inner, ArtifactUploader uploader, string outputDirectory, TextWriter log)
    {
        _inner = inner;
        _uploader = uploader;
        _outputDirectory = Path.GetFullPath(outputDirectory);
        _log = log;
        _uploads = Task.Run(UploadAllAsync);
    }

    public void CheckpointSaved(CheckpointSaved checkpoint) => _pending.Writer.TryWrite(checkpoint);

    /// <summary>Waits until every checkpoint saved so far is uploaded and reported; throws when one could not be.</summary>
    public async Task SettleAsync()
    {
        _pending.Writer.TryComplete();
        await _uploads;
        if (_failure is not null) throw new InvalidOperationException($"Uploading a checkpoint to the host failed: {_failure.Message}", _failure);
    }

    private async Task UploadAllAsync()
    {
        await foreach (var checkpoint in _pending.Reader.ReadAllAsync())
        {
            if (_failure is not null) continue;
            try
            {
                if (await UploadAsync(checkpoint) is { } hostPath) _inner.CheckpointSaved(checkpoint with { Path = hostPath });
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException && !File.Exists(checkpoint.Path))
            {
                await _log.WriteLineAsync($"Checkpoint of step {checkpoint.Step} was pruned before its upload; skipped.");
            }
            catch (Exception ex)
            {
                _failure = ex;
                await _log.WriteLineAsync($"Uploading the checkpoint of step {checkpoint.Step} failed: {ex}");
            }
        }
    }

    // Returns the host's path of the reported model file.
    private async Task<string?> UploadAsync(CheckpointSaved checkpoint)
    {
        var model = Path.GetFullPath(checkpoint.Path);
        var folder = Path.GetDirectoryName(model)!;
        var files = folder == _outputDirectory
            ? Directory.GetFiles(folder).Where(f => !IsBookkeeping(f))                                         // the final model
            : Directory.GetFiles(folder, "*", SearchOption.AllDirectories);                                    // a step-N folder
        string? hostPath = null;
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(_outputDirectory, file).Replace(Path.DirectorySeparatorChar, '/');
            var uploaded = await _uploader.UploadAsync(file, relative);
            if (file == model) hostPath = uploaded;
        }
        return hostPath;
    }

    private static bool IsBookkeeping(string file)
    {
        var name = Path.GetFileName(file);
        return name.StartsWith('.') || name.EndsWith(".partial", StringComparison.Ordinal) || s_bookkeeping.Contains(name, StringComparer.Ordinal);
    }

    public void Started(RunStarted info) => _inner.Started(info);
    public void Metrics(IReadOnlyList<MetricPoint> points) => _inner.Metrics(points);
    public void Progress(RunProgress progress) => _inner.Progress(progress);
    public void Stage(RunStageProgress stage) => _inner.Stage(stage);
    public void Detected(IReadOnlyList<DetectedSample> samples) => _inner.Detected(samples);
    public void Attention(AttentionSnapshot snapshot) => _inner.Attention(snapshot);
    public void Predictions(EvalPredictions predictions) => _inner.Predictions(predictions);
    public void StudentSamples(PolicySamples samples) => _inner.StudentSamples(samples);
}
