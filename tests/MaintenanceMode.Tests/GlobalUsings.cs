// The namespaces nearly every test opens with, said once: the planning tests (and most others) began
// with the same dozen lines. A file still names what only it uses, and `using static ...Build`
// stays per file because Build.Path would clash with System.IO.Path where both are in scope.
global using System;
global using System.Collections.Generic;
global using System.Linq;
global using System.Threading;
global using System.Threading.Tasks;
global using MaintenanceMode.Listeners;
global using MaintenanceMode.Operations.Planning;
global using MaintenanceMode.Operations.Planning.Steps;
global using MaintenanceMode.Rules;
global using MaintenanceMode.Tests.Fakes;
global using MaintenanceMode.Tests.Planning;
global using Xunit;
