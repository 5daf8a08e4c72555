# frozen_string_literal: true

module Shelf
  class Book
    attr_reader :title, :year

    def initialize(title, year)
      raise ArgumentError, 'year must be positive' unless year.positive?

      @title = title
      @year = year
    end

    def classic?
      year < 1950 ? true : false
    end

    def to_s
      "#{title} (#{year})"
    end

    # :nocov:
    def debug_dump
      warn inspect
      nil
    end
    # :nocov:
  end
end
