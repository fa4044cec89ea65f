namespace Workbench.Web.Hosting;

/// <summary>The database file cannot be used as it is; the message is one line for the console, naming the file and what to do.</summary>
public sealed class DatabaseUnusableException(string message, Exception? inner = null) : Exception(message, inner);
