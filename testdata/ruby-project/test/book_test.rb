# frozen_string_literal: true

require 'simplecov'
SimpleCov.command_name 'Minitest'
SimpleCov.start do
  enable_coverage :branch
  add_filter '/spec/'
  add_filter '/test/'
end

require 'minitest/autorun'
require_relative '../lib/shelf'

class BookTest < Minitest::Test
  def test_to_s
    assert_equal 'Dune (1965)', Shelf::Book.new('Dune', 1965).to_s
  end

  def test_sorted_by_year
    books = [Shelf::Book.new('Dune', 1965), Shelf::Book.new('Emma', 1815)]
    assert_equal %w[Emma Dune], Shelf.sorted(books, by: :year).map(&:title)
  end
end
