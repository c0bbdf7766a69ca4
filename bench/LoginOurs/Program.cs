using System.Reflection;
using AuthFunctions.Hosting;
using AuthFunctions.Storage;
using LoginOurs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

// The app's own in-memory table client (internal to the app: the bench takes it by name, the app exposes nothing).
var inMemory = (ITableClient)Activator.CreateInstance(
    typeof(LocalHost).Assembly.GetType("AuthFunctions.Storage.InMemoryTableClient", throwOnError: true)!, nonPublic: true)!;
var counted = new CountingTableClient(inMemory);

// A storage setting so the app's start-up check (state outside Development must be durable) passes; no client is
// built from it, since the table client is replaced.
var app = LocalHost.Create(["--AzureWebJobsStorage=UseDevelopmentStorage=true", .. args], builder => builder.Services.Replace(ServiceDescriptor.Singleton<ITableClient>(counted)));

// For the benchmark's per-login counts; not part of the app.
app.MapGet("/bench/stats", () => Results.Json(counted.Snapshot(GC.GetTotalAllocatedBytes(precise: true))));
app.Run();
