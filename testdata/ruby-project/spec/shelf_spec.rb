# frozen_string_literal: true

require_relative 'spec_helper'

RSpec.describe Shelf do
  let(:books) { [Shelf::Book.new('Dune', 1965), Shelf::Book.new('Emma', 1815)] }

  it 'sorts by title' do
    expect(Shelf.sorted(books).map(&:title)).to eq(%w[Dune Emma])
  end

  it 'finds the oldest book' do
    expect(Shelf.oldest(books).title).to eq('Emma')
  end

  it 'tells classics' do
    expect(books.map(&:classic?)).to eq([false, true])
  end

  it 'refuses a year that is not positive' do
    expect { Shelf::Book.new('X', 0) }.to raise_error(ArgumentError)
  end
end
