<#
.SYNOPSIS
    Generates the module's help (MAML for the cmdlets, about_*.help.txt) from docs/help/*.md.
.DESCRIPTION
    The one help source is docs/help/ (its README.md describes the format). The text comes from there;
    everything PowerShell already knows about a parameter (type, mandatory, position, pipeline input,
    parameter sets, aliases) comes from the built cmdlets themselves, so the two cannot disagree.

    Writes into -OutputDirectory:
      MaintenanceMode.dll-Help.xml   the MAML that Get-Help reads for the cmdlets
      about_*.help.txt               one per docs/help/about_*.md

    A cmdlet or parameter without text is reported as a warning (tests/Pester/Help.Tests.ps1 fails on it);
    text for a parameter that does not exist fails the build, since it would be help for nothing.
    Runs in its own pwsh (build.ps1 starts it), because it imports the built module.
.EXAMPLE
    pwsh -File tools/Build-ModuleHelp.ps1 -ManifestPath ./MaintenanceMode.psd1 -SourceDirectory ./docs/help -OutputDirectory ./en-US
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $ManifestPath,
    [Parameter(Mandatory)][string] $SourceDirectory,
    [Parameter(Mandatory)][string] $OutputDirectory
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$SharedParametersFile = 'CommonParameters.md'
$MamlNamespaces = [ordered]@{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

#region Markdown

function ConvertFrom-InlineMarkdown([string] $Text) {
    # Console help is plain text: links become "text (uri)", emphasis and code marks go.
    $Text = [regex]::Replace($Text, '\[([^\]]+)\]\(([^)]+)\)', '$1 ($2)')
    $Text = $Text -replace '\*\*([^*]+)\*\*', '$1' -replace '`([^`]+)`', '$1'
    return $Text
}

function Split-Paragraph([string[]] $Lines) {
    # Blank lines separate paragraphs; each list item is its own paragraph; a fenced block stays one
    # paragraph with its line breaks and an indent, as console help shows code.
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    $flush = {
        if ($current.Count -gt 0) { $paragraphs.Add((ConvertFrom-InlineMarkdown ($current -join ' '))); $current.Clear() }
    }
    $fence = [System.Collections.Generic.List[string]]::new()
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') {
            if ($inFence) { $paragraphs.Add(($fence | ForEach-Object { "    $_" }) -join "`n"); $fence.Clear(); $inFence = $false }
            else { & $flush; $inFence = $true }
            continue
        }
        if ($inFence) { $fence.Add($line); continue }
        if ($line.Trim() -eq '') { & $flush; continue }
        if ($line -match '^\s*([-*]|\d+\.)\s+') { & $flush }
        $current.Add($line.Trim())
    }
    & $flush
    return , $paragraphs.ToArray()
}

function Read-HelpMarkdown([string] $Path) {
    # Sections: "# Title", "## SECTION", "### Item" (an example, a parameter, an input or output type).
    $doc = [ordered]@{ Title = $null; Sections = [ordered]@{} }
    $section = $null; $item = $null
    $inFence = $false
    foreach ($line in (Get-Content -LiteralPath $Path -Encoding UTF8)) {
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^#\s+(.+?)\s*$') { $doc.Title = $Matches[1]; continue }
        if (-not $inFence -and $line -match '^##\s+(.+?)\s*$') {
            $section = [ordered]@{ Lines = [System.Collections.Generic.List[string]]::new(); Items = [ordered]@{} }
            $doc.Sections[$Matches[1].ToUpperInvariant()] = $section; $item = $null
            continue
        }
        if (-not $inFence -and $line -match '^###\s+(.+?)\s*$' -and $null -ne $section) {
            $item = [System.Collections.Generic.List[string]]::new()
            $section.Items[$Matches[1]] = $item
            continue
        }
        if ($null -ne $item) { $item.Add($line) } elseif ($null -ne $section) { $section.Lines.Add($line) }
    }
    return $doc
}

function Get-Section($Doc, [string] $Name) {
    if ($Doc -and $Doc.Sections.Contains($Name)) { return $Doc.Sections[$Name] }
    return $null
}

function Read-Example([string] $Title, [string[]] $Lines) {
    # The first fenced block is the code; everything after it is the remarks.
    $start = [Array]::FindIndex($Lines, [Predicate[string]] { param($l) $l -match '^\s*```' })
    if ($start -lt 0) { throw "Example '$Title' has no fenced code block." }
    $end = [Array]::FindIndex($Lines, $start + 1, [Predicate[string]] { param($l) $l -match '^\s*```' })
    if ($end -lt 0) { throw "Example '$Title' has an unclosed code block." }
    [pscustomobject]@{
        Title   = $Title
        Code    = ($Lines[($start + 1)..($end - 1)] -join "`n")
        Remarks = Split-Paragraph @($Lines | Select-Object -Skip ($end + 1))
    }
}

function Read-ParameterText([string[]] $Lines) {
    # An optional "Default value: X" line is the default Get-Help shows; the rest is the description.
    $default = $null
    $text = foreach ($line in $Lines) {
        if ($line -match '^\s*Default value:\s*(.+?)\s*$') { $default = ConvertFrom-InlineMarkdown $Matches[1] } else { $line }
    }
    [pscustomobject]@{ Paragraphs = Split-Paragraph @($text); Default = $default }
}

#endregion

#region MAML

function Write-Paragraphs([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs) {
    $Writer.WriteStartElement('maml', 'description', $MamlNamespaces.maml)
    foreach ($p in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $MamlNamespaces.maml, $p) }
    $Writer.WriteEndElement()
}

function Get-PipelineInput([System.Management.Automation.ParameterSetMetadata] $Set) {
    $kinds = @()
    if ($Set.ValueFromPipeline) { $kinds += 'ByValue' }
    if ($Set.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($kinds) { return "True ($($kinds -join ', '))" }
    return 'False'
}

function Write-Parameter([System.Xml.XmlWriter] $Writer, $Parameter, [System.Management.Automation.ParameterSetMetadata] $Set, $Text) {
    $w = $Writer
    $isSwitch = $Parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]
    $w.WriteStartElement('command', 'parameter', $MamlNamespaces.command)
    $w.WriteAttributeString('required', $Set.IsMandatory.ToString().ToLowerInvariant())
    $w.WriteAttributeString('variableLength', $Parameter.ParameterType.IsArray.ToString().ToLowerInvariant())
    $w.WriteAttributeString('globbing', 'false')
    $w.WriteAttributeString('pipelineInput', (Get-PipelineInput $Set))
    $w.WriteAttributeString('position', $(if ($Set.Position -ge 0) { "$($Set.Position)" } else { 'named' }))
    $w.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $w.WriteElementString('maml', 'name', $MamlNamespaces.maml, $Parameter.Name)
    Write-Paragraphs $w $(if ($Text) { $Text.Paragraphs } else { @() })
    if (-not $isSwitch) {
        $w.WriteStartElement('command', 'parameterValue', $MamlNamespaces.command)
        $w.WriteAttributeString('required', 'true')
        $w.WriteAttributeString('variableLength', $Parameter.ParameterType.IsArray.ToString().ToLowerInvariant())
        $w.WriteString($Parameter.ParameterType.Name)
        $w.WriteEndElement()
    }
    $w.WriteStartElement('dev', 'type', $MamlNamespaces.dev)
    $w.WriteElementString('maml', 'name', $MamlNamespaces.maml, $Parameter.ParameterType.FullName)
    $w.WriteEndElement()
    $w.WriteElementString('dev', 'defaultValue', $MamlNamespaces.dev, $(if ($Text -and $Text.Default) { $Text.Default } elseif ($isSwitch) { 'False' } else { 'None' }))
    $w.WriteEndElement()
}

function Get-DocumentedParameter([System.Management.Automation.CommandInfo] $Command) {
    # What a user can type: the command's own parameters, -WhatIf and -Confirm, not the other common ones.
    $Command.Parameters.Values | Where-Object { $_.Name -notin [System.Management.Automation.PSCmdlet]::CommonParameters }
}

function Write-CommandHelp([System.Xml.XmlWriter] $Writer, [System.Management.Automation.CmdletInfo] $Command, $Doc, $Shared) {
    $w = $Writer
    $name = $Command.Name
    $parameters = @(Get-DocumentedParameter $Command)
    $texts = @{}
    foreach ($source in @($Shared, (Get-Section $Doc 'PARAMETERS'))) {
        if (-not $source) { continue }
        foreach ($key in $source.Items.Keys) { $texts[$key.TrimStart('-')] = Read-ParameterText @($source.Items[$key]) }
    }
    $own = Get-Section $Doc 'PARAMETERS'
    if ($own) {
        foreach ($key in $own.Items.Keys) {
            if ($key.TrimStart('-') -notin $parameters.Name) { throw "docs/help/$name.md documents -$($key.TrimStart('-')), which $name does not have." }
        }
    }
    foreach ($p in $parameters) { if (-not $texts.ContainsKey($p.Name)) { Write-Warning "$name -$($p.Name) has no help text." } }

    $w.WriteStartElement('command', 'command', $MamlNamespaces.command)
    foreach ($prefix in $MamlNamespaces.Keys) { $w.WriteAttributeString('xmlns', $prefix, $null, $MamlNamespaces[$prefix]) }

    $w.WriteStartElement('command', 'details', $MamlNamespaces.command)
    $w.WriteElementString('command', 'name', $MamlNamespaces.command, $name)
    $synopsis = Get-Section $Doc 'SYNOPSIS'
    Write-Paragraphs $w $(if ($synopsis) { Split-Paragraph @($synopsis.Lines) } else { @() })
    $w.WriteElementString('command', 'verb', $MamlNamespaces.command, $Command.Verb)
    $w.WriteElementString('command', 'noun', $MamlNamespaces.command, $Command.Noun)
    $w.WriteEndElement()

    $description = Get-Section $Doc 'DESCRIPTION'
    Write-Paragraphs $w $(if ($description) { Split-Paragraph @($description.Lines) } else { @() })

    # One syntax line per parameter set: positional first, then mandatory, then the rest, as PowerShell prints it.
    $w.WriteStartElement('command', 'syntax', $MamlNamespaces.command)
    foreach ($set in $Command.ParameterSets) {
        $w.WriteStartElement('command', 'syntaxItem', $MamlNamespaces.command)
        $w.WriteElementString('maml', 'name', $MamlNamespaces.maml, $name)
        $inSet = foreach ($p in $parameters) {
            $meta = if ($p.ParameterSets.ContainsKey($set.Name)) { $p.ParameterSets[$set.Name] } elseif ($p.ParameterSets.ContainsKey('__AllParameterSets')) { $p.ParameterSets['__AllParameterSets'] }
            if ($meta) { [pscustomobject]@{ Parameter = $p; Set = $meta } }
        }
        $ordered = $inSet | Sort-Object @{ Expression = { if ($_.Set.Position -ge 0) { $_.Set.Position } else { [int]::MaxValue } } }, @{ Expression = { -not $_.Set.IsMandatory } } -Stable
        foreach ($entry in $ordered) { Write-Parameter $w $entry.Parameter $entry.Set $texts[$entry.Parameter.Name] }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    # The targets (mandatory or positional in some set) first, then the rest in the order the code declares them.
    $w.WriteStartElement('command', 'parameters', $MamlNamespaces.command)
    $targetsFirst = $parameters | Sort-Object @{ Expression = { -not @($_.ParameterSets.Values | Where-Object { $_.IsMandatory -or $_.Position -ge 0 }).Count } } -Stable
    foreach ($p in $targetsFirst) {
        # Described once, with the values of its first parameter set (Get-Help -Parameter shows one entry).
        $first = $p.ParameterSets.Values | Select-Object -First 1
        Write-Parameter $w $p $first $texts[$p.Name]
    }
    $w.WriteEndElement()

    foreach ($kind in @(@{ Section = 'INPUTS'; List = 'inputTypes'; Item = 'inputType' }, @{ Section = 'OUTPUTS'; List = 'returnValues'; Item = 'returnValue' })) {
        $section = Get-Section $Doc $kind.Section
        $w.WriteStartElement('command', $kind.List, $MamlNamespaces.command)
        if ($section) {
            foreach ($type in $section.Items.Keys) {
                $w.WriteStartElement('command', $kind.Item, $MamlNamespaces.command)
                $w.WriteStartElement('dev', 'type', $MamlNamespaces.dev)
                $w.WriteElementString('maml', 'name', $MamlNamespaces.maml, $type)
                $w.WriteEndElement()
                Write-Paragraphs $w (Split-Paragraph @($section.Items[$type]))
                $w.WriteEndElement()
            }
        }
        $w.WriteEndElement()
    }

    $notes = Get-Section $Doc 'NOTES'
    if ($notes) {
        $w.WriteStartElement('maml', 'alertSet', $MamlNamespaces.maml)
        $w.WriteStartElement('maml', 'alert', $MamlNamespaces.maml)
        foreach ($p in (Split-Paragraph @($notes.Lines))) { $w.WriteElementString('maml', 'para', $MamlNamespaces.maml, $p) }
        $w.WriteEndElement()
        $w.WriteEndElement()
    }

    $w.WriteStartElement('command', 'examples', $MamlNamespaces.command)
    $examples = Get-Section $Doc 'EXAMPLES'
    if ($examples) {
        $number = 0
        foreach ($title in $examples.Items.Keys) {
            $number++
            $example = Read-Example $title @($examples.Items[$title])
            $w.WriteStartElement('command', 'example', $MamlNamespaces.command)
            $w.WriteElementString('maml', 'title', $MamlNamespaces.maml, "-------------------------- $($title -replace '^Example \d+:\s*', "Example ${number}: ") --------------------------")
            $w.WriteElementString('dev', 'code', $MamlNamespaces.dev, $example.Code)
            $w.WriteStartElement('dev', 'remarks', $MamlNamespaces.dev)
            foreach ($p in $example.Remarks) { $w.WriteElementString('maml', 'para', $MamlNamespaces.maml, $p) }
            $w.WriteEndElement()
            $w.WriteEndElement()
        }
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'relatedLinks', $MamlNamespaces.command)
    $links = Get-Section $Doc 'RELATED LINKS'
    if ($links) {
        foreach ($line in $links.Lines) {
            if ($line -notmatch '^\s*[-*]\s+(.+?)\s*$') { continue }
            $link = $Matches[1]
            $text = $link; $uri = ''
            if ($link -match '^\[([^\]]+)\]\(([^)]+)\)$') { $text = $Matches[1]; $uri = $Matches[2] }
            $w.WriteStartElement('maml', 'navigationLink', $MamlNamespaces.maml)
            $w.WriteElementString('maml', 'linkText', $MamlNamespaces.maml, $text)
            $w.WriteElementString('maml', 'uri', $MamlNamespaces.maml, $uri)
            $w.WriteEndElement()
        }
    }
    $w.WriteEndElement()

    $w.WriteEndElement()
}

#endregion

#region About topics

function Format-Wrapped([string] $Text, [int] $Indent, [int] $Width = 80, [int] $HangingIndent = $Indent) {
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = ' ' * $Indent
    $fresh = $true
    foreach ($word in ($Text -split '\s+' | Where-Object { $_ })) {
        if (-not $fresh -and $line.Length + 1 + $word.Length -gt $Width) { $lines.Add($line); $line = ' ' * $HangingIndent; $fresh = $true }
        $line += $(if ($fresh) { $word } else { " $word" }); $fresh = $false
    }
    if (-not $fresh) { $lines.Add($line) }
    return $lines
}

function ConvertTo-AboutText([string] $Path) {
    # The classic about_ layout: section titles at the margin, text indented 4, code 8, wrapped at 80.
    $out = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    $paragraph = [System.Collections.Generic.List[string]]::new()
    $flush = {
        if ($paragraph.Count -eq 0) { return }
        $text = ConvertFrom-InlineMarkdown ($paragraph -join ' ')
        if ($text -match '^([-*]|\d+\.)\s+(.*)$') {
            $bullet = if ($Matches[1] -in '-', '*') { '-' } else { $Matches[1] }
            foreach ($l in (Format-Wrapped "$bullet $($Matches[2])" 4 -HangingIndent (5 + $bullet.Length))) { $out.Add($l) }
        } else {
            foreach ($l in (Format-Wrapped $text 4)) { $out.Add($l) }
            $out.Add('')
        }
        $paragraph.Clear()
    }
    foreach ($line in (Get-Content -LiteralPath $Path -Encoding UTF8)) {
        if ($line -match '^\s*```') {
            & $flush
            if ($inFence) { $out.Add('') }
            $inFence = -not $inFence
            continue
        }
        if ($inFence) { $out.Add($(if ($line) { "        $line" } else { '' })); continue }
        if ($line -match '^#\s+(.+)$') { $out.Add('TOPIC'); $out.Add("    $($Matches[1].Trim())"); $out.Add(''); continue }
        if ($line -match '^##\s+(.+)$') { & $flush; if ($out.Count -and $out[$out.Count - 1] -ne '') { $out.Add('') }; $out.Add($Matches[1].Trim().ToUpperInvariant()); continue }
        if ($line -match '^###\s+(.+)$') { & $flush; if ($out.Count -and $out[$out.Count - 1] -ne '') { $out.Add('') }; $out.Add("  $($Matches[1].Trim())"); continue }
        if ($line.Trim() -eq '') { & $flush; if ($out.Count -and $out[$out.Count - 1] -ne '') { $out.Add('') }; continue }
        if ($line -match '^\s*([-*]|\d+\.)\s+') { & $flush }
        $paragraph.Add($line.Trim())
    }
    & $flush
    return ($out -join [Environment]::NewLine).TrimEnd() + [Environment]::NewLine
}

#endregion

$module = Import-Module $ManifestPath -Force -PassThru
$null = New-Item -ItemType Directory -Force -Path $OutputDirectory
$sharedPath = Join-Path $SourceDirectory $SharedParametersFile
$shared = if (Test-Path $sharedPath) { Get-Section (Read-HelpMarkdown $sharedPath) 'PARAMETERS' } else { $null }

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$mamlPath = Join-Path $OutputDirectory "$(Split-Path $module.RootModule -Leaf)-Help.xml"
$writer = [System.Xml.XmlWriter]::Create($mamlPath, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($command in ($module.ExportedCmdlets.Values | Sort-Object Name)) {
        $source = Join-Path $SourceDirectory "$($command.Name).md"
        $doc = if (Test-Path $source) { Read-HelpMarkdown $source } else { Write-Warning "$($command.Name) has no help source ($source)."; $null }
        Write-CommandHelp $writer $command $doc $shared
    }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
} finally {
    $writer.Dispose()
}

$abouts = @(Get-ChildItem -Path $SourceDirectory -Filter 'about_*.md')
foreach ($about in $abouts) {
    # UTF-8 with a BOM: Windows PowerShell 5.1 reads a .txt without one as the ANSI code page.
    $target = Join-Path $OutputDirectory "$($about.BaseName).help.txt"
    [System.IO.File]::WriteAllText($target, (ConvertTo-AboutText $about.FullName), [System.Text.UTF8Encoding]::new($true))
}
Write-Host "Help: $($module.ExportedCmdlets.Count) cmdlets and $($abouts.Count) about topic(s) into $OutputDirectory"
