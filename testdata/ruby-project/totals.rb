# frozen_string_literal: true

# Prints SimpleCov's own totals for coverage/.resultset.json (every result in it, however old),
# and writes coverage/coverage.json in the shape of simplecov_json_formatter 0.1 (which Debian
# does not package) from SimpleCov's own source file objects.
require 'json'
require 'simplecov'
SimpleCov.enable_coverage :branch
SimpleCov.merge_timeout 10**9
result = SimpleCov::ResultMerger.merged_result
puts "Line Coverage: #{result.covered_lines} / #{result.total_lines} (#{result.covered_percent.round(2)}%)"
branch = result.coverage_statistics[:branch]
puts "Branch Coverage: #{branch.covered} / #{branch.total} (#{branch.percent.round(2)}%)"
result.files.each do |file|
  puts "  #{file.filename}: lines #{file.covered_lines.size} / #{file.covered_lines.size + file.missed_lines.size}, " \
       "branches #{file.covered_branches.size} / #{file.total_branches.size}"
end
entry = ->(item) { item.skipped? ? 'ignored' : item.coverage }
coverage = result.files.to_h do |file|
  branches = file.branches.map do |b|
    { type: b.type, start_line: b.start_line, end_line: b.end_line, coverage: entry.call(b) }
  end
  [file.filename, { lines: file.lines.map(&entry), branches: branches }]
end
File.write('coverage/coverage.json', JSON.pretty_generate(
  { meta: { simplecov_version: SimpleCov::VERSION }, coverage: coverage, groups: {} }
))
