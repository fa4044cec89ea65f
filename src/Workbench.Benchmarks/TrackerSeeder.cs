using System.Globalization;
using Microsoft.Data.Sqlite;
using Workbench.Experiments;

namespace Workbench.Benchmarks;

/// <summary>
/// Writes finished runs, their metric points and summaries straight into a running server's SQLite file (WAL, so
/// the server keeps serving). Far faster than the API for millions of points, and the server reads them the same way.
/// </summary>
public sealed class TrackerSeeder(string databaseFile) : IDisposable
{
    private static readonly DateTime s_start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly SqliteConnection _connection = Open(databaseFile);

    private static SqliteConnection Open(string file)
    {
        var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = OFF;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    /// <summary>Adds a completed run; returns its id.</summary>
    public int AddRun(RunConfig config, long steps)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            INSERT INTO Runs (Name, ConfigJson, Status, CreatedAt, StartedAt, FinishedAt, Step, TotalSteps, ParameterCount, StepsPerSecond, TokensPerSecond, Tags, Archived)
            VALUES ($name, $config, 'Completed', $t, $t, $end, $steps, $steps, 0, 0, 0, '', 0);
            SELECT last_insert_rowid();
            """;
        command.Parameters.AddWithValue("$name", config.Name);
        command.Parameters.AddWithValue("$config", RunConfigJson.Serialize(config));
        command.Parameters.AddWithValue("$t", Time(s_start));
        command.Parameters.AddWithValue("$end", Time(s_start.AddSeconds(steps)));
        command.Parameters.AddWithValue("$steps", steps);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Adds <paramref name="count"/> points of one metric (steps 1..count, a noisy decay with rare spikes) and its summary.</summary>
    public void AddSeries(int runId, string name, int count, int seed)
    {
        var random = new Random(seed);
        using var transaction = _connection.BeginTransaction();
        using var insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO MetricPoints (RunId, Step, Name, Value, WallTime) VALUES ($run, $step, $name, $value, $wall)";
        var step = insert.Parameters.Add("$step", SqliteType.Integer);
        var value = insert.Parameters.Add("$value", SqliteType.Real);
        var wall = insert.Parameters.Add("$wall", SqliteType.Text);
        insert.Parameters.AddWithValue("$run", runId);
        insert.Parameters.AddWithValue("$name", name);
        insert.Prepare();
        double min = double.MaxValue, max = double.MinValue, last = 0;
        for (var i = 1; i <= count; i++)
        {
            last = 4 * Math.Exp(-i / (count / 5.0)) + 0.5 + 0.05 * random.NextDouble() + (random.Next(100_000) == 0 ? 5 : 0);
            (min, max) = (Math.Min(min, last), Math.Max(max, last));
            step.Value = i;
            value.Value = last;
            wall.Value = Time(s_start.AddMilliseconds(i * 10.0));
            insert.ExecuteNonQuery();
        }
        AddSummary(runId, name, count, last, min, max, count, transaction);
        transaction.Commit();
    }

    public void AddSummary(int runId, string name, long step, double last, double min, double max, long count, SqliteTransaction? transaction = null)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO MetricSummaries (RunId, Name, LastStep, LastValue, MinValue, MaxValue, Count) VALUES ($r, $n, $s, $v, $min, $max, $c)";
        command.Parameters.AddWithValue("$r", runId);
        command.Parameters.AddWithValue("$n", name);
        command.Parameters.AddWithValue("$s", step);
        command.Parameters.AddWithValue("$v", last);
        command.Parameters.AddWithValue("$min", min);
        command.Parameters.AddWithValue("$max", max);
        command.Parameters.AddWithValue("$c", count);
        command.ExecuteNonQuery();
    }

    /// <summary>Many small runs in one transaction: varied objectives, learning rates and final metrics (a runs table to filter).</summary>
    public IReadOnlyList<int> AddManyRuns(int count)
    {
        string[] kinds = [ObjectiveKinds.ForwardKl, ObjectiveKinds.ReverseKl, ObjectiveKinds.Jsd, ObjectiveKinds.TopKKl, ObjectiveKinds.SkewKl];
        var random = new Random(7);
        var ids = new List<int>(count);
        using var transaction = _connection.BeginTransaction();
        for (var i = 0; i < count; i++)
        {
            var config = new RunConfig
            {
                Name = $"sweep-{i:0000}",
                Teacher = new ModelRef { Checkpoint = "demo-teacher" },
                LearningRate = Math.Round(Math.Pow(10, -4 + 2 * random.NextDouble()), 6),
                Seed = i,
                Objectives = [new() { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 }, new() { Kind = kinds[i % kinds.Length], Temperature = 1 + i % 3 }],
            };
            using (var command = _connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO Runs (Name, ConfigJson, Status, CreatedAt, StartedAt, FinishedAt, Step, TotalSteps, ParameterCount, StepsPerSecond, TokensPerSecond, Tags, Archived)
                    VALUES ($name, $config, 'Completed', $t, $t, $t, 300, 300, 0, 0, 0, $tags, 0);
                    SELECT last_insert_rowid();
                    """;
                command.Parameters.AddWithValue("$name", config.Name);
                command.Parameters.AddWithValue("$config", RunConfigJson.Serialize(config));
                command.Parameters.AddWithValue("$t", Time(s_start));
                command.Parameters.AddWithValue("$tags", i % 10 == 0 ? "baseline" : "");
                ids.Add(Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture));
            }
            var accuracy = random.NextDouble();
            AddSummary(ids[^1], MetricNames.EvalAccuracy, 300, accuracy, accuracy, accuracy, 6, transaction);
            var loss = 0.5 + 3 * random.NextDouble();
            AddSummary(ids[^1], MetricNames.EvalLoss, 300, loss, loss, loss, 6, transaction);
            AddSummary(ids[^1], MetricNames.TrainLoss, 300, loss, loss, loss, 300, transaction);
        }
        transaction.Commit();
        return ids;
    }

    public void Dispose() => _connection.Dispose();
}
