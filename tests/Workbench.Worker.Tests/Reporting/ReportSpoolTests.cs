using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.RunProtocol.Reports;
using Workbench.Worker.Reporting;

namespace Workbench.Worker.Tests.Reporting;

public sealed class ReportSpoolTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wb-spool-").FullName;

    [Fact]
    public void AppendThenReadAll_EveryKind_ComesBackEqualAndInOrder()
    {
        var spool = new ReportSpool(_directory);
        var when = new DateTime(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);
        RunReport[] reports =
        [
            new StartedReport(7, 1, new RunStarted("cpu", 1234, 100)),
            new MetricsReport(7, 2, [new MetricPoint("train/loss", 1, 2.5, when)]),
            new ProgressReport(7, 3, new RunProgress(1, 100, 3.5, 400)),
            new StageReport(7, 4, new RunStageProgress("detection", 3, 10)),
            new CheckpointReport(7, 5, new CheckpointSaved("/runs/7/step-1/model.safetensors", 1)),
            new PolicySamplesReport(7, 6, new Experiments.OnPolicy.PolicySamples(12, 3, 6,
                [new Experiments.OnPolicy.PolicySample("2+3=", [new Experiments.OnPolicy.PolicyToken("5", -0.25), new Experiments.OnPolicy.PolicyToken("<eos>", null)])])),
            new FinishedReport(7, 7, RunStatus.Failed, "diverged"),
        ];

        spool.Append(reports[..3]);
        spool.Append(reports[3..]);
        var read = spool.ReadAll();

        Assert.Equal(reports.Select(r => r.Sequence), read.Select(r => r.Sequence));
        Assert.Equal(reports.Select(r => r.GetType()), read.Select(r => r.GetType()));
        Assert.Equal(2.5, Assert.IsType<MetricsReport>(read[1]).Points.Single().Value);
        Assert.Equal(when, Assert.IsType<MetricsReport>(read[1]).Points.Single().WallTime);
        Assert.Equal(reports[2], read[2]);
        var policy = Assert.IsType<PolicySamplesReport>(read[5]).Samples;
        Assert.Equal((12L, 0.5, "5", -0.25), (policy.Step, policy.OnPolicyShare, policy.Samples[0].Tokens[0].Text, policy.Samples[0].Tokens[0].TeacherLogProb));
        Assert.Equal(reports[4], read[4]);
        Assert.Equal(reports[6], read[6]);
    }

    [Fact]
    public void ReadAll_RecordCutShortByACrash_EndsBeforeIt()
    {
        var spool = new ReportSpool(_directory);
        spool.Append([new ProgressReport(1, 1, new RunProgress(1, 10, 1, 1)), new ProgressReport(1, 2, new RunProgress(2, 10, 1, 1))]);
        var bytes = File.ReadAllBytes(spool.Path);
        File.WriteAllBytes(spool.Path, bytes[..^3]);

        Assert.Equal([1L], spool.ReadAll().Select(r => r.Sequence));
    }

    // A worker starting on a spool numbers its own reports after the spool's last one (else the host would skip them).
    [Fact]
    public void LastSequence_EmptyThenSpooled_ZeroThenHighest()
    {
        var spool = new ReportSpool(_directory);
        Assert.Equal(0, spool.LastSequence());

        spool.Append([new ProgressReport(3, 41, new RunProgress(1, 10, 1, 1)), new FinishedReport(3, 42, RunStatus.Completed, null)]);

        Assert.Equal(42, spool.LastSequence());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
