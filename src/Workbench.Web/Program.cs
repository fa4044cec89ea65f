using Workbench.Web.Extensions;
using Workbench.Web.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = ContentRootLocator.Find(),
});
builder.AddWorkbenchServices();

var app = builder.Build();
try
{
    await app.InitializeDatabaseAsync();
}
catch (DatabaseUnusableException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);   // one line, no stack trace: the file and what to do
    return 1;
}
app.MapWorkbench();
app.Run();
return 0;

public partial class Program;
