namespace Workbench.Training.Tests.Data.ChatTemplates;

/// <summary>A clock stopped at one instant in UTC, for templates that print today's date.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
