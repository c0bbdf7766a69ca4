using Microsoft.Azure.Functions.Worker.Builder;

// The least a worker with ASP.NET Core integration can do: the baseline the app's start is compared with.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Build().Run();
