# frozen_string_literal: true

require_relative 'shelf/book'

module Shelf
  def self.sorted(books, by: :title)
    case by
    when :title then books.sort_by(&:title)
    when :year then books.sort_by(&:year)
    else
      raise ArgumentError, "unknown order #{by}"
    end
  end

  def self.oldest(books)
    return nil if books.empty?

    books.min_by(&:year)
  end
end
